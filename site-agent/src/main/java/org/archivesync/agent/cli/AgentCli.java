package org.archivesync.agent.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.ResourceBundle;
import org.archivesync.agent.access.LocalAccountException;
import org.archivesync.agent.bundle.BundleException;
import org.archivesync.agent.calendar.SimulatedCalendar;
import org.archivesync.agent.calendar.SimulatedCalendarException;
import org.archivesync.agent.identity.EnrollmentException;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.importer.ImportRefusedException;
import org.archivesync.agent.messages.AgentException;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.recording.RebaseRefusedException;
import org.archivesync.agent.recording.RecordingRefusedException;
import org.archivesync.agent.store.StoreException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * The command line: {@code archive-sync-agent [--db FILE] [--lang en] enroll|record <command>|import|status|export-bundle|users}.
 * It works directly on the SQLite file, also while the service runs (SQLite's locks and the busy timeout keep them
 * apart); the running service publishes what the CLI records. Text is Vietnamese unless {@code --lang en}.
 *
 * <p>Exit codes: 0 done, 1 failure (store, I/O), 2 refused command or bad usage, 3 enrollment or identity problem.
 */
@Command(name = "archive-sync-agent", mixinStandardHelpOptions = true, versionProvider = AgentCli.Version.class,
        subcommands = {EnrollCommand.class, RecordCommand.class, ImportCommand.class, StatusCommand.class,
                ExportBundleCommand.class, RotateKeyCommand.class, RebaseCommand.class, UsersCommand.class})
public final class AgentCli {

    /** Exit code of a refused command or a usage error. */
    public static final int REFUSED = 2;
    /** Exit code of an enrollment or identity problem. */
    public static final int IDENTITY = 3;

    @Option(names = "--db", scope = ScopeType.INHERIT, descriptionKey = "cli.option.db", paramLabel = "FILE")
    Path db = Path.of(defaultDb());

    @Option(names = "--lang", scope = ScopeType.INHERIT, descriptionKey = "cli.option.lang", paramLabel = "vi|en")
    String lang = "vi";

    @Option(names = "--simulated-calendar", scope = ScopeType.INHERIT, descriptionKey = "cli.option.simulated-calendar",
            paramLabel = "FILE", defaultValue = "${env:ARCHIVE_SYNC_AGENT_SIMULATED_CALENDAR}")
    String simulatedCalendar;

    PrintStream out;
    PrintStream err;
    /** The PC's clock: everything but the dates of acts (see {@link org.archivesync.agent.calendar.ActsClock}). */
    Clock clock = Clock.systemDefaultZone();
    private Clock calendar;

    AgentMessages messages() {
        return AgentMessages.forLanguage(lang);
    }

    /**
     * The acts clock: the simulated calendar of {@code --simulated-calendar} (default: the service's setting as the
     * environment variable {@code ARCHIVE_SYNC_AGENT_SIMULATED_CALENDAR}), else {@link #clock}; read on first use.
     *
     * @throws org.archivesync.agent.calendar.SimulatedCalendarException when the file cannot be used
     */
    Clock calendar() {
        if (calendar == null) {
            calendar = SimulatedCalendar.forSetting(simulatedCalendar, clock);
        }
        return calendar;
    }

    /** A recorder on the CLI's store for {@code clerk}: the enrolled identity as of now, acts dated by {@link #calendar()}. */
    Recorder recorder(CliContext ctx, String clerk) {
        Optional<SiteIdentity> site = ctx.enrollment().current();
        return new Recorder(ctx.store(), () -> site, clock, calendar(), clerk);
    }

    /** Runs the CLI; returns the exit code. */
    public static int main(String[] args, PrintStream out, PrintStream err) {
        AgentMessages messages = AgentMessages.forLanguage(languageOf(args));
        AgentCli cli = new AgentCli();
        cli.out = out;
        cli.err = err;
        CommandLine line = commandLine(cli);
        line.setResourceBundle(ResourceBundle.getBundle("messages", messages.locale(),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES)));
        line.setCaseInsensitiveEnumValuesAllowed(true);
        line.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        line.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        localizeUsage(line, messages);
        line.setExitCodeExceptionMapper(AgentCli::exitCode);
        line.setExecutionExceptionHandler((e, cmd, parsed) -> {
            if (e instanceof CliUsageException u) {
                err.println(u.getMessage());
            } else if (e instanceof AgentException a) {
                err.println(messages.render(a));
            } else if (e instanceof ImportRefusedException r) {
                err.println(r.localizedMessage(messages.locale()));
            } else if (e instanceof StoreException s) {
                err.println(messages.get("cli.store-failed", s.getMessage()));
            } else {
                err.println(messages.get("cli.failed", e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
            return exitCode(e);
        });
        line.setParameterExceptionHandler((e, a) -> {
            err.println(e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return REFUSED;
        });
        return line.execute(args);
    }

    /** The command tree: the annotated commands, and under {@code record} the catalogue's commands. */
    static CommandLine commandLine(AgentCli cli) {
        CommandLine line = new CommandLine(cli);
        RecordCommand.addCatalogued(line.getSubcommands().get("record"));
        return line;
    }

    static int exitCode(Throwable e) {
        if (e instanceof RecordingRefusedException || e instanceof RebaseRefusedException) {
            return REFUSED;
        }
        if (e instanceof EnrollmentException) {
            return IDENTITY;
        }
        if (e instanceof BundleException || e instanceof ImportRefusedException || e instanceof CliUsageException
                || e instanceof LocalAccountException || e instanceof SimulatedCalendarException) {
            return REFUSED;
        }
        return 1;
    }

    private static void localizeUsage(CommandLine line, AgentMessages messages) {
        CommandSpec spec = line.getCommandSpec();
        String key = descriptionKey(spec);
        if (messages.has(key)) {
            spec.usageMessage().description(messages.get(key));
        }
        spec.usageMessage().synopsisHeading(messages.get("cli.usage.synopsis-heading"));
        spec.usageMessage().optionListHeading(messages.get("cli.usage.options-heading"));
        spec.usageMessage().commandListHeading(messages.get("cli.usage.commands-heading"));
        spec.usageMessage().descriptionHeading("%n");
        for (CommandLine sub : line.getSubcommands().values()) {
            localizeUsage(sub, messages);
        }
    }

    /** {@code cli.command.root}, {@code cli.command.record.file}, ... */
    static String descriptionKey(CommandSpec spec) {
        String name = spec.qualifiedName(".");
        return "cli.command." + (name.equals("archive-sync-agent") ? "root" : name.substring("archive-sync-agent.".length()));
    }

    private static String languageOf(String[] args) {
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--lang") && i + 1 < args.length) {
                return args[i + 1];
            }
            if (args[i].startsWith("--lang=")) {
                return args[i].substring("--lang=".length());
            }
        }
        return "vi";
    }

    /**
     * {@code ARCHIVE_SYNC_AGENT_DB}, else {@code ARCHIVE_SYNC_AGENT_STORE_PATH} (the service's
     * {@code archive-sync.agent.store.path} as an environment variable, as the deploy units set it), else
     * {@code data/agent.sqlite} as in the service's defaults.
     */
    private static String defaultDb() {
        for (String name : new String[] {"ARCHIVE_SYNC_AGENT_DB", "ARCHIVE_SYNC_AGENT_STORE_PATH"}) {
            String env = System.getenv(name);
            if (env != null && !env.isBlank()) {
                return env;
            }
        }
        return "data/agent.sqlite";
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {org.archivesync.agent.AgentVersion.current()};
        }
    }
}
