package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Faults the chaos suite injects into an agent's JVM, on the real agent jar (no broker, no hub: it records offline):
 * frozen with SIGSTOP and let go, and its whole wall clock off with libfaketime.
 */
class AgentFaultsIT {

    private final Path dir = Path.of("target", "agent-faults").toAbsolutePath();
    private AgentProcess agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.resume();
            agent.kill();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aPausedAgentAnswersNothingUntilResumedAndStillStopsCleanlyWhenPaused() throws Exception {
        agent = offlineAgent("paused", AgentProcess::serve, java.util.Map.of());
        assertThat(Http.get(agent.url() + "/api/status", Duration.ofSeconds(10)).status()).isPositive();
        long pid = agent.pid();

        agent.pause();
        assertThat(ProcessHandle.of(pid).flatMap(p -> p.info().command())).isPresent();
        assertThat(Http.get(agent.url() + "/api/status", Duration.ofSeconds(2)).status())
                .as("a frozen JVM answers nothing").isEqualTo(-1);
        assertThat(agent.serving()).as("frozen, not dead").isTrue();

        agent.resume();
        assertThat(Http.get(agent.url() + "/api/status", Duration.ofSeconds(30)).status()).isPositive();

        agent.pause();
        agent.stop();
        assertThat(ProcessHandle.of(pid).filter(ProcessHandle::isAlive)).as("stop continues a paused JVM first")
                .isEmpty();
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void libfaketimeSetsTheAgentsWholeWallClockOff() throws Exception {
        assumeThat(FakeTime.library()).as("libfaketime is not installed (apt-get install faketime): skipped")
                .isPresent();
        agent = offlineAgent("fast-clock", AgentProcess::serve, FakeTime.env("+2h"));
        assertThat(clockOffset(agent)).as("the agent's clock runs 2 h fast")
                .isBetween(Duration.ofMinutes(119), Duration.ofMinutes(121));
        agent.kill();

        agent = offlineAgent("slow-clock", AgentProcess::serve, FakeTime.env("-1d"));
        assertThat(clockOffset(agent)).as("the agent's clock runs a day slow")
                .isBetween(Duration.ofHours(-24).minusMinutes(1), Duration.ofHours(-24).plusMinutes(1));
    }

    private interface Serve {
        void serve(AgentProcess agent, AgentProcess.ServiceSettings settings, Duration timeout);
    }

    private AgentProcess offlineAgent(String name, Serve serve, java.util.Map<String, String> env) throws Exception {
        DemoMain.deleteTree(dir.resolve(name));
        AgentProcess a = new AgentProcess("CM.SNV", TestJars.agent(), dir.resolve(name), dir.resolve(name + ".log"));
        serve.serve(a, new AgentProcess.ServiceSettings(Ports.free(), "127.0.0.1:1", "http://127.0.0.1:1/registry",
                List.of("--archive-sync.agent.publisher.max-block=300ms",
                        "--archive-sync.agent.publisher.backoff-max=1s")).withEnv(env), Duration.ofMinutes(2));
        return a;
    }

    /** The agent's wall clock minus ours, from the Date header its web server sets on every answer. */
    private static Duration clockOffset(AgentProcess agent) throws Exception {
        HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(agent.url() + "/api/status")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.discarding());
        Instant theirs = ZonedDateTime.parse(r.headers().firstValue("Date").orElseThrow(),
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        return Duration.between(Instant.now(), theirs);
    }
}
