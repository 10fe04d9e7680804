package org.archivesync.hub.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.time.Instant;

/**
 * What a console session remembers of its sign-in, so {@link SessionGuard} can end it: the user's credentials version
 * at sign-in (disabling the user or changing their password raises it) and the instant of sign-in (for
 * {@code archive-sync.hub.security.sign-in.session-max-age}).
 */
public final class SignedInSessions {

    static final String VERSION = SignedInSessions.class.getName() + ".credentialsVersion";
    static final String SIGNED_IN_AT = SignedInSessions.class.getName() + ".signedInAt";

    private SignedInSessions() {
    }

    static void start(HttpSession session, int credentialsVersion, Instant at) {
        session.setAttribute(VERSION, credentialsVersion);
        session.setAttribute(SIGNED_IN_AT, at);
    }

    /**
     * Keeps the caller's own session open after a change that raised their credentials version (their own password
     * change) while every other session of theirs ends. Does nothing without a session.
     *
     * @param credentialsVersion what {@link Users#changePassword} returned
     */
    public static void keep(HttpServletRequest request, int credentialsVersion) {
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(VERSION) != null) {
            session.setAttribute(VERSION, credentialsVersion);
        }
    }
}
