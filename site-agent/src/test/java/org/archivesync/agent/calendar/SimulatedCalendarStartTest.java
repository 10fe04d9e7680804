package org.archivesync.agent.calendar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.archivesync.agent.AgentApplication;
import org.archivesync.agent.testing.TestPaths;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** The agent's start with the simulated calendar set: refused on a bad file, loud on a good one. */
@ExtendWith(OutputCaptureExtension.class)
class SimulatedCalendarStartTest {

    @Test
    void aBadCalendarFileRefusesTheStartNamingTheFileAndTheValue(CapturedOutput output) throws IOException {
        Path dir = TestPaths.directory("calendar-start");
        Path file = Files.writeString(dir.resolve("simulated-calendar.txt"), "mùng 2 tháng 6", StandardCharsets.UTF_8);

        Throwable thrown = catchThrowable(() -> start(dir, file).close());

        assertThat(thrown).isNotNull();
        assertThat(causes(thrown)).anySatisfy(c -> assertThat(c).isInstanceOf(SimulatedCalendarException.class));
        assertThat(output.getAll()).contains("APPLICATION FAILED TO START")
                .contains("Tệp lịch mô phỏng " + file + " chứa \"mùng 2 tháng 6\"")
                .contains("The simulated calendar file " + file + " holds \"mùng 2 tháng 6\"");
        assertThat(Files.exists(dir.resolve("api-token"))).as("nothing served").isFalse();
    }

    @Test
    void aGoodCalendarFileIsAnnouncedAtStart(CapturedOutput output) throws IOException {
        Path dir = TestPaths.directory("calendar-start");
        Path file = Files.writeString(dir.resolve("simulated-calendar.txt"), "2025-06-02T08:00+07:00",
                StandardCharsets.UTF_8);
        try (ConfigurableApplicationContext context = start(dir, file)) {
            assertThat(output.getAll()).contains("WARN").contains("simulated calendar from " + file
                    + ": records are dated 02/06/2025 08:0").contains("not today (training and demo only)");
        }
    }

    private static ConfigurableApplicationContext start(Path dir, Path calendar) {
        return new SpringApplicationBuilder(AgentApplication.class).run("--server.port=0",
                "--archive-sync.agent.simulated-calendar=" + calendar,
                "--archive-sync.agent.store.path=" + dir.resolve("agent.sqlite"),
                "--archive-sync.agent.publisher.enabled=false");
    }

    private static java.util.List<Throwable> causes(Throwable t) {
        java.util.List<Throwable> all = new java.util.ArrayList<>();
        for (Throwable c = t; c != null && !all.contains(c); c = c.getCause()) {
            all.add(c);
        }
        return all;
    }
}
