package org.archivesync.agent.web;

import org.archivesync.agent.messages.AgentException;

/** A batch item names a command type the agent does not know. */
class UnknownCommandTypeException extends AgentException {

    UnknownCommandTypeException(int index, String type) {
        super("web.unknown-command-type", new Object[] {index, String.valueOf(type), String.join(", ", CommandTypes.BY_NAME.keySet())}, null);
    }
}
