package org.archivesync.agent.cli;

import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.Supplier;
import org.archivesync.agent.identity.EnrollmentException;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.recording.BoxKey;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.CommandCatalogue;
import org.archivesync.agent.recording.FileKey;
import org.archivesync.agent.recording.Recorded;
import org.archivesync.agent.recording.Recorder;
import picocli.CommandLine;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code record <command> ...}: one command, one transaction, one signed event. The commands under it are the
 * catalogue's ({@link CommandCatalogue#offered()}, by {@link CommandCatalogue#cliName()}), with the hand-written
 * options of {@link RecordOptions} or, for a command that has none, options derived from its record.
 */
@CommandLine.Command(name = "record", mixinStandardHelpOptions = true, subcommandsRepeatable = false)
class RecordCommand {

    @ParentCommand
    AgentCli cli;

    @Option(names = "--clerk", scope = CommandLine.ScopeType.INHERIT, descriptionKey = "cli.option.clerk", paramLabel = "ACCOUNT")
    String clerk = System.getProperty("user.name", "clerk");

    static SiteIdentity identity(CliContext ctx) {
        return ctx.enrollment().current()
                .orElseThrow(() -> new EnrollmentException("identity.not-enrolled"));
    }

    /** Records one command and prints what was appended. */
    abstract static class Sub implements Callable<Integer> {
        @ParentCommand
        RecordCommand record;

        abstract Command command();

        /** The handover or destruction id to print, if the command has one. */
        Object id(Command c) {
            return null;
        }

        @Override
        public Integer call() {
            return run(record, this::command, this::id);
        }
    }

    /** Adds the catalogue's commands under {@code record} (the line built from a {@link RecordCommand}). */
    static void addCatalogued(CommandLine record) {
        for (CommandCatalogue command : CommandCatalogue.offered()) {
            Supplier<Sub> written = RecordOptions.BY_COMMAND.get(command.type());
            if (written != null) {
                record.addSubcommand(command.cliName(), written.get());
            } else {
                record.addSubcommand(command.cliName(), DerivedRecordCommand.spec(command));
            }
        }
    }

    /**
     * Records the command on the CLI's store as the {@code --clerk} and prints what was appended, and the id it names
     * (a handover's, a destruction's) when there is one.
     */
    static int run(RecordCommand record, Supplier<Command> command, Function<Command, Object> idOf) {
        AgentCli cli = record.cli;
        CliContext ctx = CliContext.open(cli);
        Recorder recorder = cli.recorder(ctx, record.clerk);
        Command c = command.get();
        Recorded r = recorder.record(c);
        Object id = idOf.apply(c);
        cli.out.println(cli.messages().get("cli.record.done", r.firstSequence(), r.keyId()));
        if (id != null) {
            cli.out.println(cli.messages().get("cli.record.id", id.toString()));
        }
        return 0;
    }

    /**
     * A box from {@code --box FONDS/BOX}, or {@code --box BOX --fonds FONDS}: every fonds numbers its boxes from 1, so
     * the number alone does not name a box.
     */
    static BoxKey boxKey(AgentCli cli, String box, String fonds) {
        int slash = box.indexOf('/');
        if (slash < 0) {
            if (fonds == null || fonds.isBlank()) {
                throw new CliUsageException(cli.messages().get("cli.record.box-needs-fonds", box));
            }
            return new BoxKey(fonds, box);
        }
        BoxKey key = new BoxKeyConverter().convert(box);
        if (fonds != null && !fonds.isBlank() && !fonds.strip().equals(key.fondsCode().strip())) {
            throw new CliUsageException(cli.messages().get("cli.record.box-other-fonds", box, fonds));
        }
        return key;
    }

    /** {@code FONDS/FILE}: the fonds code is everything before the first slash. */
    static final class FileKeyConverter implements CommandLine.ITypeConverter<FileKey> {
        @Override
        public FileKey convert(String value) {
            int slash = value.indexOf('/');
            if (slash <= 0 || slash == value.length() - 1) {
                throw new CommandLine.TypeConversionException("FONDS/FILE expected: " + value);
            }
            return new FileKey(value.substring(0, slash), value.substring(slash + 1));
        }
    }

    static final class BoxKeyConverter implements CommandLine.ITypeConverter<BoxKey> {
        @Override
        public BoxKey convert(String value) {
            int slash = value.indexOf('/');
            if (slash <= 0 || slash == value.length() - 1) {
                throw new CommandLine.TypeConversionException("FONDS/BOX expected: " + value);
            }
            return new BoxKey(value.substring(0, slash), value.substring(slash + 1));
        }
    }
}
