package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link AgentProcess#calendar}: the demo moves an office's agent, a real JVM from the agent's jar, to the campaign's
 * days. The CLI and the service both date records on the day set, and a running service follows a new day before the
 * call returns. No broker and no hub: the agent records offline and its status says which day it dates records with.
 */
class AgentCalendarIT {

    private final Path dir = Path.of("target", "agent-calendar").toAbsolutePath();
    private AgentProcess agent;

    @AfterEach
    void stop() {
        if (agent != null) {
            agent.kill();
        }
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void theDemoSetsAnOfficesSimulatedDayForItsCliAndItsService() throws Exception {
        DemoMain.deleteTree(dir);
        agent = new AgentProcess("CM.CAINUOC.UBND", TestJars.agent(), dir.resolve("agent"), dir.resolve("agent.log"));
        agent.calendar(LocalDateTime.parse("2025-06-02T08:00"));
        assertThat(Files.readString(agent.calendarFile()).strip()).isEqualTo("2025-06-02T08:00+07:00");

        AgentProcess.CliResult status = agent.cli(List.of("status"), Duration.ofMinutes(1));
        assertThat(status.exitCode()).isZero();
        assertThat(status.output()).contains("SIMULATED CALENDAR (training and demo only): records are dated "
                + "02/06/2025 08:0").contains(agent.calendarFile().toString());

        agent.serve(new AgentProcess.ServiceSettings(Ports.free(), "127.0.0.1:1", "http://127.0.0.1:1/registry",
                List.of("--archive-sync.agent.publisher.max-block=300ms",
                        "--archive-sync.agent.publisher.backoff-max=1s")), Duration.ofMinutes(2));
        assertThat(agent.simulatedNow().toLocalDate()).isEqualTo(LocalDate.of(2025, 6, 2));
        assertThat(Files.readString(agent.logFile())).contains("simulated calendar from " + agent.calendarFile()
                + ": records are dated 02/06/2025");

        agent.calendar(LocalDateTime.parse("2025-06-10T14:00"));
        OffsetDateTime now = agent.simulatedNow();
        assertThat(now.toLocalDate()).as("the running service follows before calendar() returns")
                .isEqualTo(LocalDate.of(2025, 6, 10));
        assertThat(now.getOffset()).isEqualTo(AgentProcess.VIETNAM);
    }

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void aServiceStartedWithoutTheCalendarIsNotMovedSilently() throws Exception {
        DemoMain.deleteTree(dir);
        agent = new AgentProcess("CM.TANHUNG.UBND", TestJars.agent(), dir.resolve("plain"), dir.resolve("plain.log"));
        agent.serve(new AgentProcess.ServiceSettings(Ports.free(), "127.0.0.1:1", "http://127.0.0.1:1/registry",
                List.of("--archive-sync.agent.publisher.max-block=300ms")), Duration.ofMinutes(2));
        assertThat(agent.simulatedNow()).isNull();
        assertThatThrownBy(() -> agent.calendar(LocalDateTime.parse("2025-06-02T08:00")))
                .isInstanceOf(LocalStackException.class).hasMessageContaining("without a simulated calendar");
    }
}
