package org.archivesync.agent.recording;

import org.archivesync.agent.messages.AgentException;

/**
 * A re-base was refused; nothing was changed. Keys: {@code rebase.not-enrolled}, {@code rebase.operator-required},
 * {@code rebase.no-fork}, {@code rebase.reissue-from} (the value, the highest allowed), {@code rebase.key-rotation}
 * (the sequence of the rotation among the divergent rows).
 */
public class RebaseRefusedException extends AgentException {

    RebaseRefusedException(String messageKey, Object... args) {
        super(messageKey, args, null);
    }
}
