package org.archivesync.agent.messages;

import java.text.MessageFormat;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The user-facing text of the agent (CLI output, refusals, problem titles) from {@code messages.properties}
 * (Vietnamese, the default) and {@code messages_en.properties} (English). The system locale is never consulted: a PC
 * with an English locale still gets Vietnamese unless English is asked for.
 */
public final class AgentMessages {

    /** The default language of every interface. */
    public static final Locale VIETNAMESE = Locale.forLanguageTag("vi");

    private static final ResourceBundle.Control NO_SYSTEM_FALLBACK =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private final ResourceBundle bundle;
    private final Locale locale;

    private AgentMessages(Locale locale) {
        this.locale = locale;
        this.bundle = ResourceBundle.getBundle("messages", locale, NO_SYSTEM_FALLBACK);
    }

    /** Messages in {@code locale}; anything but English is Vietnamese. */
    public static AgentMessages of(Locale locale) {
        boolean english = locale != null && "en".equals(locale.getLanguage());
        return new AgentMessages(english ? Locale.ENGLISH : VIETNAMESE);
    }

    /** Messages for a {@code --lang} value: {@code en} or {@code vi} (null means Vietnamese). */
    public static AgentMessages forLanguage(String language) {
        return of(language == null ? VIETNAMESE : Locale.forLanguageTag(language));
    }

    public Locale locale() {
        return locale;
    }

    /**
     * The text for {@code key}, formatted with {@link MessageFormat} (always, so quoting rules are the same with and
     * without arguments).
     *
     * @throws MissingResourceException when the key is not in the bundle: a programming error a test catches
     */
    public String get(String key, Object... args) {
        return new MessageFormat(bundle.getString(key), locale).format(args == null ? new Object[0] : args);
    }

    /** True when the bundle defines {@code key}. */
    public boolean has(String key) {
        return bundle.containsKey(key);
    }

    /** The text of a localized exception. */
    public String render(AgentException e) {
        return get(e.messageKey(), e.messageArgs());
    }
}
