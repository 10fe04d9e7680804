package org.archivesync.agent.importer;

import java.util.List;
import java.util.Locale;

/**
 * The whole file was refused: nothing was produced. Each subclass names what happened and
 * carries a message in the bundles ({@link #messageKey()} with {@link #messageArguments()}),
 * so the CLI and the REST edge can tell the clerk in Vietnamese or English. Retrying the same
 * file cannot help; the clerk has to change the file (or the limits).
 */
public abstract sealed class ImportRefusedException extends RuntimeException
        permits FileTooLargeException, TooManyRowsException, EncryptedFileException, CorruptedFileException,
        UnsupportedFileTypeException, ZipBombException, NoHeaderFoundException, SheetNotFoundException,
        FormulaCellsRefusedException, InvalidMappingFileException {

    private final String messageKey;
    private final List<Object> messageArguments;

    ImportRefusedException(String messageKey, List<Object> messageArguments, Throwable cause) {
        super(ImportMessages.format(Locale.ENGLISH, messageKey, messageArguments.toArray()), cause);
        this.messageKey = messageKey;
        this.messageArguments = List.copyOf(messageArguments);
    }

    public String messageKey() {
        return messageKey;
    }

    public List<Object> messageArguments() {
        return messageArguments;
    }

    /** The message for the clerk, Vietnamese unless the locale asks for English. */
    public String localizedMessage(Locale locale) {
        return ImportMessages.format(locale, messageKey, messageArguments.toArray());
    }
}
