package org.archivesync.agent.importer;

import java.util.List;
import java.util.Locale;

/**
 * Something the clerk should know that stops no row, e.g. the title block names another fonds than the one chosen.
 *
 * @param reason    what; its message is {@code import.warning.<reason in kebab-case>}
 * @param arguments the message's arguments (codes and numbers as written, never a file's description)
 */
public record ImportWarning(Reason reason, List<String> arguments) {

    public enum Reason {
        /** The title block's "Phông số" is not the fonds the rows are imported into. */
        FONDS_NUMBER_DIFFERS
    }

    public ImportWarning {
        arguments = List.copyOf(arguments);
    }

    public String messageKey() {
        return "import.warning." + reason.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
