# The central hub's image. The build context is central-hub/target, which holds the Spring Boot exec jar:
#   ./mvnw -B -DskipTests -pl central-hub -am package
#   docker build -f deploy/docker/hub.Dockerfile -t archive-sync/central-hub:0.1.0-SNAPSHOT central-hub/target
FROM eclipse-temurin:17-jre

RUN groupadd --system --gid 10001 archive-sync \
 && useradd --system --uid 10001 --gid archive-sync --home-dir /app --shell /usr/sbin/nologin archive-sync

WORKDIR /app
# One jar only: the repackaged central-hub-<version>.jar (its original is *.jar.original). Pass --build-arg JAR=...
# if the context holds more than one match.
ARG JAR=central-hub-*.jar
COPY --chown=root:root ${JAR} /app/central-hub.jar

USER 10001:10001
EXPOSE 8080
# Sizes the heap from the container's memory limit; the hub's own settings come from the environment
# (SPRING_DATASOURCE_*, SPRING_KAFKA_*, ARCHIVE_SYNC_HUB_*) or a mounted /app/config/application.yml.
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -XX:+ExitOnOutOfMemoryError"
ENTRYPOINT ["java", "-jar", "/app/central-hub.jar"]
