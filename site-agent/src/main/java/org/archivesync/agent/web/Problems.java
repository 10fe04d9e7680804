package org.archivesync.agent.web;

import java.util.Locale;
import org.archivesync.agent.messages.AgentMessages;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * The agent's one way to build an RFC 9457 problem detail: the status, a title from the message bundles in the
 * request's language, and a detail already rendered in that language. The advice and the controllers add their own
 * properties. Arguments are never null.
 */
final class Problems {

    private Problems() {
    }

    /** A problem titled by the message {@code titleKey}, explained by {@code detail}. */
    static ProblemDetail of(HttpStatus status, String titleKey, String detail, Locale locale) {
        AgentMessages messages = AgentMessages.of(locale);
        ProblemDetail pd = ProblemDetail.forStatus(status);
        pd.setTitle(messages.get(titleKey));
        pd.setDetail(detail);
        return pd;
    }
}
