package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The chaos suite's fast scenarios ({@link ChaosScenario#fast()}), as {@code ./archive-sync chaos --fast} runs them:
 * real broker, hub and agents as separate processes, each scenario's invariants checked on the real stores. The
 * slow ones (50,000 events waiting, a month offline, a million parked events) run from the command only.
 */
class ChaosSuiteIT {

    @Test
    @Timeout(value = 15, unit = TimeUnit.MINUTES)
    void everyFastScenarioRecoversWithEachEventOnce() throws Exception {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(new TeeStream(System.out, lines), true, StandardCharsets.UTF_8);
        List<ChaosScenario> fast = ChaosSuite.all().stream().filter(ChaosScenario::fast).toList();
        assertThat(fast).as("fast scenarios").isNotEmpty();
        ResourceBundle english = ResourceBundle.getBundle("org.archivesync.deploy.chaos", Locale.ENGLISH);
        List<ChaosSuite.Result> results;
        try (ChaosStack stack = ChaosStack.start(new ChaosStack.Settings(Path.of("target", "chaos").toAbsolutePath(),
                TestJars.hub(), TestJars.agent(), 3, both))) {
            results = ChaosSuite.run(stack, fast, r -> ChaosMain.line(both, english, r));
        }
        assertThat(results).extracting(ChaosSuite.Result::name)
                .containsExactlyElementsOf(fast.stream().map(ChaosScenario::name).toList());
        assertThat(results).allSatisfy(r -> assertThat(r.passed()).as("%s: %s", r.name(), r.failure()).isTrue());
        assertThat(lines.toString(StandardCharsets.UTF_8)).contains("[chaos] PASS  hub-killed-mid-batch");
    }

    /** Writes to two streams. */
    private static final class TeeStream extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        TeeStream(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public void write(byte[] buf, int off, int len) throws java.io.IOException {
            a.write(buf, off, len);
            b.write(buf, off, len);
        }
    }
}
