package org.archivesync.agent.recording;

import java.math.BigDecimal;

/**
 * Packs a box, or corrects a packed box: the box is (fondsCode, boxCode), so the same number packed for another fonds
 * is another box, never a move. Becomes {@code BoxRecorded} in state PACKED.
 */
public record PackBox(String boxCode, String fondsCode, String locationCode, BigDecimal metres) implements Command {
}
