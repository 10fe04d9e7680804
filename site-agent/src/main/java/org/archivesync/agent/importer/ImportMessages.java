package org.archivesync.agent.importer;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.ResourceBundle;

/**
 * Reads the importer's texts from the application's bundles ({@code messages.properties},
 * Vietnamese; {@code messages_en.properties}, English) without Spring, so the importer stays a
 * plain component.
 */
final class ImportMessages {

    // Without this, a server whose default locale is English would answer a Vietnamese
    // request from messages_en: Vietnamese must be the fallback, not the JVM's locale.
    private static final ResourceBundle.Control NO_SYSTEM_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private ImportMessages() {
    }

    static String format(Locale locale, String key, Object... arguments) {
        ResourceBundle bundle = ResourceBundle.getBundle("messages", locale, NO_SYSTEM_FALLBACK);
        return new MessageFormat(bundle.getString(key), locale).format(arguments);
    }
}
