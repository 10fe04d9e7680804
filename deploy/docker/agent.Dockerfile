# The site agent's image, for offices that run containers (most run it as a service: deploy/agent/). The build
# context is site-agent/target, which holds the Spring Boot exec jar:
#   ./mvnw -B -DskipTests -pl site-agent -am package
#   docker build -f deploy/docker/agent.Dockerfile -t archive-sync/site-agent:0.1.0-SNAPSHOT site-agent/target
# Run with the store on a volume and the configuration mounted read-only:
#   docker run -d --name archive-sync-agent -v archive-sync-agent:/var/lib/archive-sync-agent \
#     -v /etc/archive-sync-agent:/etc/archive-sync-agent:ro archive-sync/site-agent:0.1.0-SNAPSHOT
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 archive-sync \
 && useradd --system --uid 10001 --gid archive-sync --home-dir /var/lib/archive-sync-agent \
      --shell /usr/sbin/nologin archive-sync \
 && install -d -o archive-sync -g archive-sync -m 0750 /var/lib/archive-sync-agent \
 && install -d -m 0755 /etc/archive-sync-agent

WORKDIR /app
# The exec jar only: site-agent-<version>.jar next to it is the plain library jar.
ARG JAR=site-agent-*-exec.jar
COPY --chown=root:root ${JAR} /app/site-agent.jar

USER 10001:10001
WORKDIR /var/lib/archive-sync-agent
VOLUME ["/var/lib/archive-sync-agent"]
ENV ARCHIVE_SYNC_AGENT_STORE_PATH=/var/lib/archive-sync-agent/agent.sqlite \
    JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/site-agent.jar"]
# "serve" runs the service; any other command is the CLI on the same store (docker exec ... java -jar ... status).
CMD ["serve", "--spring.config.additional-location=optional:file:/etc/archive-sync-agent/"]
