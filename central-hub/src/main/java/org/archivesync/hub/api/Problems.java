package org.archivesync.hub.api;

import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/**
 * The hub's one way to build an RFC 9457 problem detail: the status, a title and a detail from the message bundles in
 * the request's language. Every {@code @RestControllerAdvice} of the hub calls it and adds its own properties. A
 * missing message fails loudly (NoSuchMessageException); the bundles tests keep every key in both languages.
 */
@Component
public class Problems {

    private final MessageSource messages;

    Problems(MessageSource messages) {
        this.messages = messages;
    }

    /**
     * A problem titled {@code <key>.title} and explained by {@code <key>.detail}.
     *
     * @param args the detail's arguments (none may be needed); never null itself
     */
    public ProblemDetail of(HttpStatus status, String key, Locale locale, Object... args) {
        return of(status, key, key + ".detail", locale, args);
    }

    /** A problem titled {@code <key>.title} and explained by the message {@code detailKey}. */
    public ProblemDetail of(HttpStatus status, String key, String detailKey, Locale locale, Object... args) {
        ProblemDetail pd = ProblemDetail.forStatus(status);
        pd.setTitle(messages.getMessage(key + ".title", null, locale));
        pd.setDetail(messages.getMessage(detailKey, args, locale));
        return pd;
    }

    /** The text of {@code key} in {@code locale}, {@code fallback} when the bundles lack it. */
    public String text(String key, String fallback, Locale locale) {
        return messages.getMessage(key, null, fallback, locale);
    }
}
