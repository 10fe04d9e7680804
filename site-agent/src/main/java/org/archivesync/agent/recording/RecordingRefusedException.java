package org.archivesync.agent.recording;

import java.util.Arrays;
import org.archivesync.agent.messages.AgentException;

/**
 * A command was refused; nothing of its transaction was written. Carries the reason, the field it is about (the
 * command's field name, e.g. {@code sealNumber} or {@code files[2]}; null when the refusal is not about one field)
 * and, in a batch, the index of the refused command. Not retriable: the same command is refused the same way until the
 * local state changes.
 */
public class RecordingRefusedException extends AgentException {

    private final Refusal reason;
    private final String field;
    private final int commandIndex;

    RecordingRefusedException(Refusal reason, String field, int commandIndex, Object... args) {
        super(reason.messageKey(), messageArgs(field, args), null);
        this.reason = reason;
        this.field = field;
        this.commandIndex = commandIndex;
    }

    private static Object[] messageArgs(String field, Object[] args) {
        Object[] all = new Object[args.length + 1];
        all[0] = field == null ? "" : field;
        System.arraycopy(args, 0, all, 1, args.length);
        return all;
    }

    public Refusal reason() {
        return reason;
    }

    /** The refused field, or null. */
    public String field() {
        return field;
    }

    /** Index of the refused command in its batch (0 for a single command), or -1 when the whole call was refused. */
    public int commandIndex() {
        return commandIndex;
    }

    RecordingRefusedException at(int index) {
        Object[] args = messageArgs();
        return new RecordingRefusedException(reason, field, index, Arrays.copyOfRange(args, 1, args.length));
    }
}
