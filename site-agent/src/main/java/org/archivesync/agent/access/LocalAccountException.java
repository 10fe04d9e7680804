package org.archivesync.agent.access;

import org.archivesync.agent.messages.AgentException;

/** A local account could not be created or changed; nothing was stored. */
public class LocalAccountException extends AgentException {

    LocalAccountException(String messageKey, Object... args) {
        super(messageKey, args, null);
    }
}
