package org.archivesync.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A child JVM whose whole wall clock is off, as on an office PC with a wrong clock: libfaketime (Debian package
 * {@code faketime}) preloaded into the JVM shifts {@code System.currentTimeMillis()}, {@code Instant.now()} and
 * everything built on them, while the monotonic clock ({@code System.nanoTime()}, timeouts, sleeps) stays true: the
 * JVM needs that ({@code FAKETIME_DONT_FAKE_MONOTONIC=1}, and {@code FAKETIME_FORCE_MONOTONIC_FIX=0}, see
 * {@link #env(String)}). The threads' CPU-time clocks are shifted too (a thread dump shows {@code cpu=7200000ms} at
 * +2 h): only CPU figures are off.
 *
 * <p>Unlike the agent's simulated calendar (which dates records only), this moves what the agent sends to Kafka too:
 * the record timestamps the broker checks.
 */
final class FakeTime {

    /** Where Debian and Ubuntu install it. */
    private static final List<Path> LIBRARIES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1"),
            Path.of("/usr/lib/faketime/libfaketime.so.1"),
            Path.of("/usr/local/lib/faketime/libfaketime.so.1"));
    /** libfaketime's relative offsets: a sign, a number and a unit (s, m, h, d, y). */
    private static final Pattern OFFSET = Pattern.compile("[+-]\\d{1,6}(\\.\\d+)?[smhdy]?");

    private FakeTime() {
    }

    /** libfaketime, when installed ({@code apt-get install faketime}). */
    static Optional<Path> library() {
        return LIBRARIES.stream().filter(Files::isReadable).findFirst();
    }

    /**
     * The environment that starts a JVM with its wall clock off by {@code offset}.
     *
     * @param offset e.g. {@code +2h}, {@code -1d}, {@code +90m}; never null
     * @throws IllegalArgumentException when {@code offset} is not a relative offset
     * @throws LocalStackException when libfaketime is not installed
     */
    static Map<String, String> env(String offset) {
        if (offset == null || !OFFSET.matcher(offset).matches()) {
            throw new IllegalArgumentException("a clock offset is a sign, a number and s, m, h, d or y (e.g. +2h, "
                    + "-1d): " + offset);
        }
        Path lib = library().orElseThrow(() -> new LocalStackException("libfaketime is not installed (apt-get install "
                + "faketime); it is looked for at " + LIBRARIES));
        return Map.of("LD_PRELOAD", lib.toString(),
                "FAKETIME", offset,
                "FAKETIME_DONT_FAKE_MONOTONIC", "1",
                // libfaketime 0.9.10 turns its "monotonic fix" on by itself on this glibc; it makes every timed wait
                // of the JVM (Object.wait, parkNanos) return at once: 30,000 returns of wait(500 ms) in 2 s instead
                // of 4, so each idle thread spins and a Spring Boot application barely starts. Off, waits are true.
                "FAKETIME_FORCE_MONOTONIC_FIX", "0");
    }
}
