package org.archivesync.agent.recording;

/**
 * Seals a packed box with a seal number. Becomes {@code BoxRecorded} in state SEALED. The box is named by its fonds and
 * its number, as every box is (see {@link BoxKey}).
 */
public record SealBox(String boxCode, String fondsCode, String sealNumber) implements Command {
}
