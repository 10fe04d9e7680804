package org.archivesync.agent.cli;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.archivesync.agent.recording.BoxKey;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.CommandCatalogue;
import org.archivesync.agent.recording.FileKey;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code record <name>} for a catalogued command without hand-written options: one option per field of its record,
 * named after it ({@code newKeyId} → {@code --new-key-id}), described by {@code cli.option.<that name>}; a list field
 * takes the option once per element; boxes and files are written {@code FONDS/BOX}, {@code FONDS/FILE}. No option is
 * required here: a missing field is refused by the command's rule ({@code field.required}, exit 2), as any refusal.
 */
final class DerivedRecordCommand implements Callable<Integer> {

    /** The field types an option can carry; a record with another kind of field needs {@link RecordOptions}. */
    private static final Set<Class<?>> SCALARS = Set.of(String.class, Integer.class, Long.class, Boolean.class,
            BigDecimal.class, LocalDate.class, UUID.class, BoxKey.class, FileKey.class);

    private final CommandCatalogue command;
    private CommandSpec spec;

    private DerivedRecordCommand(CommandCatalogue command) {
        this.command = command;
    }

    /** The command line model of {@code command}'s {@code record} subcommand. */
    static CommandSpec spec(CommandCatalogue command) {
        DerivedRecordCommand run = new DerivedRecordCommand(command);
        CommandSpec spec = CommandSpec.wrapWithoutInspection(run);
        spec.mixinStandardHelpOptions(true);
        for (RecordComponent field : command.type().getRecordComponents()) {
            OptionSpec.Builder option = OptionSpec.builder(optionName(field.getName()))
                    .descriptionKey("cli.option." + kebab(field.getName()));
            Class<?> type = field.getType();
            if (type == List.class) {
                Class<?> element = elementType(field);
                option.type(List.class).auxiliaryTypes(element);
                converter(element, option);
            } else {
                requireScalar(type, field);
                option.type(type);
                converter(type, option);
            }
            spec.addOption(option.build());
        }
        run.spec = spec;
        return spec;
    }

    static String optionName(String field) {
        return "--" + kebab(field);
    }

    private static String kebab(String field) {
        return field.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public Integer call() {
        return RecordCommand.run((RecordCommand) spec.parent().userObject(), this::command, command::id);
    }

    /** The record from the options given (a list option not given is an empty list). */
    Command command() {
        RecordComponent[] fields = command.type().getRecordComponents();
        Object[] values = new Object[fields.length];
        Class<?>[] types = new Class<?>[fields.length];
        for (int i = 0; i < fields.length; i++) {
            types[i] = fields[i].getType();
            Object value = spec.findOption(optionName(fields[i].getName())).getValue();
            values[i] = value == null && types[i] == List.class ? List.of() : value;
        }
        try {
            return command.withChosenIds(command.type().getDeclaredConstructor(types).newInstance(values));
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot build " + command.type().getSimpleName(), e);
        }
    }

    private static Class<?> elementType(RecordComponent field) {
        if (field.getGenericType() instanceof ParameterizedType p && p.getActualTypeArguments()[0] instanceof Class<?> c) {
            requireScalar(c, field);
            return c;
        }
        throw new IllegalStateException("no option for " + field);
    }

    private static void requireScalar(Class<?> type, RecordComponent field) {
        if (!SCALARS.contains(type) && !type.isEnum()) {
            throw new IllegalStateException("no option for " + field + ": give its command hand-written options "
                    + "(RecordOptions)");
        }
    }

    private static void converter(Class<?> type, OptionSpec.Builder option) {
        if (type == BoxKey.class) {
            option.converters(new RecordCommand.BoxKeyConverter());
        } else if (type == FileKey.class) {
            option.converters(new RecordCommand.FileKeyConverter());
        }
    }
}
