package org.archivesync.agent.web;

import java.util.stream.Collectors;
import org.archivesync.agent.messages.AgentException;
import org.archivesync.agent.recording.CommandCatalogue;

/** A batch item names a command type the agent does not know. */
class UnknownCommandTypeException extends AgentException {

    UnknownCommandTypeException(int index, String type) {
        super("web.unknown-command-type", new Object[] {index, String.valueOf(type),
                CommandCatalogue.offered().stream().map(CommandCatalogue::batchName).collect(Collectors.joining(", "))},
                null);
    }
}
