package org.archivesync.agent.recording;

import java.math.BigDecimal;

/** Packs a box (or corrects a packed box). Becomes {@code BoxRecorded} in state PACKED. */
public record PackBox(String boxCode, String fondsCode, String locationCode, BigDecimal metres) implements Command {
}
