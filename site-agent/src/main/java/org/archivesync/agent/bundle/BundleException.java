package org.archivesync.agent.bundle;

import org.archivesync.agent.messages.AgentException;

/** A bundle cannot be written or read: nothing to export, an unwritable target, or a damaged file. */
public class BundleException extends AgentException {

    public BundleException(String messageKey, Object... args) {
        super(messageKey, args, null);
    }

    public BundleException(Throwable cause, String messageKey, Object... args) {
        super(messageKey, args, cause);
    }
}
