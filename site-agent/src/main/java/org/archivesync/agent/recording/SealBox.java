package org.archivesync.agent.recording;

/** Seals a packed box with a seal number. Becomes {@code BoxRecorded} in state SEALED. */
public record SealBox(String boxCode, String sealNumber) implements Command {
}
