package org.archivesync.deploy;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code ./archive-sync chaos}: starts a {@link ChaosStack} of real processes, runs the chaos scenarios on it one after
 * the other ({@link ChaosSuite}) and prints one line per scenario, then {@code N passed, M failed}. Exit code 0 when
 * all passed, 1 when one failed, 2 for bad arguments.
 *
 * <pre>
 * ChaosMain [--data-dir DIR] [--fast] [--only NAME,...] [--offices N] [--lang vi|en] [--list]
 *           [--hub-jar JAR] [--agent-jar JAR]
 * </pre>
 * The data directory (default {@code .archive-sync/chaos}) is deleted first: never the demo's. Texts in Vietnamese,
 * English with {@code --lang en} ({@code chaos*.properties}).
 */
public final class ChaosMain {

    private ChaosMain() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(".archive-sync", "chaos");
        Path hubJar = null;
        Path agentJar = null;
        boolean fastOnly = false;
        boolean list = false;
        Set<String> only = new TreeSet<>();
        int offices = 3;
        Locale locale = Locale.forLanguageTag("vi");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data-dir" -> dir = Path.of(value(args, ++i));
                case "--hub-jar" -> hubJar = Path.of(value(args, ++i));
                case "--agent-jar" -> agentJar = Path.of(value(args, ++i));
                case "--fast" -> fastOnly = true;
                case "--list" -> list = true;
                case "--only" -> only.addAll(Arrays.asList(value(args, ++i).split(",")));
                case "--offices" -> offices = Integer.parseInt(value(args, ++i));
                case "--lang" -> locale = Locale.forLanguageTag(value(args, ++i));
                default -> usage();
            }
        }
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        ResourceBundle texts = ResourceBundle.getBundle("org.archivesync.deploy.chaos", locale,
                // Vietnamese is the base bundle: never fall back to the JVM's default locale (English on most PCs).
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
        List<ChaosScenario> chosen = choose(ChaosSuite.all(), fastOnly, only, out, texts);
        if (list) {
            for (ChaosScenario s : ChaosSuite.all()) {
                out.printf("%-28s %s %s%n", s.name(), s.fast() ? "fast" : "    ", text(texts, "scenario." + s.name()));
            }
            return;
        }
        if (hubJar == null) {
            hubJar = DemoMain.findJar(Path.of("central-hub", "target"), "central-hub-", ".jar");
        }
        if (agentJar == null) {
            agentJar = DemoMain.findJar(Path.of("site-agent", "target"), "site-agent-", "-exec.jar");
        }
        List<ChaosSuite.Result> results;
        try (ChaosStack stack = ChaosStack.start(new ChaosStack.Settings(dir.toAbsolutePath(), hubJar, agentJar,
                offices, out))) {
            results = ChaosSuite.run(stack, chosen, r -> line(out, texts, r));
        }
        long passed = results.stream().filter(ChaosSuite.Result::passed).count();
        out.println(format(texts, "summary", passed, results.size() - passed));
        System.exit(passed == results.size() ? 0 : 1);
    }

    static List<ChaosScenario> choose(List<ChaosScenario> all, boolean fastOnly, Set<String> only, PrintStream out,
                                      ResourceBundle texts) {
        Set<String> known = new TreeSet<>(all.stream().map(ChaosScenario::name).toList());
        for (String name : only) {
            if (!known.contains(name)) {
                out.println(format(texts, "unknown", name, String.join(", ", known)));
                System.exit(2);
            }
        }
        List<ChaosScenario> chosen = new ArrayList<>();
        for (ChaosScenario s : all) {
            if ((only.isEmpty() || only.contains(s.name())) && (!fastOnly || s.fast())) {
                chosen.add(s);
            }
        }
        return chosen;
    }

    /** The scenario's line: verdict, name, how long, its figures or why it failed. */
    static void line(PrintStream out, ResourceBundle texts, ChaosSuite.Result r) {
        String verdict = text(texts, r.passed() ? "passed" : "failed");
        String detail = r.passed() ? r.outcome().toString() : r.failure();
        out.println(String.format(Locale.ROOT, "[chaos] %-5s %-28s %6.1f s  %s", verdict, r.name(),
                r.took().toMillis() / 1000.0, detail));
    }

    private static String text(ResourceBundle texts, String key) {
        return texts.containsKey(key) ? texts.getString(key) : key;
    }

    private static String format(ResourceBundle texts, String key, Object... args) {
        return new MessageFormat(texts.getString(key), Locale.ROOT).format(args);
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            usage();
        }
        return args[i];
    }

    private static void usage() {
        System.err.println("usage: ChaosMain [--data-dir DIR] [--fast] [--only NAME,...] [--offices N] [--lang vi|en]"
                + " [--list] [--hub-jar JAR] [--agent-jar JAR]");
        System.exit(2);
    }
}
