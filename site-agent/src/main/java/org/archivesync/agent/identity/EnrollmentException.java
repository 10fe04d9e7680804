package org.archivesync.agent.identity;

import org.archivesync.agent.messages.AgentException;

/**
 * Enrollment failed, or the agent is not (or no longer) able to use its identity. When thrown by
 * {@link Enrollment#enroll}, nothing was kept: no key file, no identity row.
 */
public class EnrollmentException extends AgentException {

    public EnrollmentException(String messageKey, Object... args) {
        super(messageKey, args, null);
    }

    public EnrollmentException(Throwable cause, String messageKey, Object... args) {
        super(messageKey, args, cause);
    }
}
