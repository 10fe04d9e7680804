package org.archivesync.hub.progress;

import java.util.Arrays;

/**
 * The kinds of milestone a province sets in a campaign (đợt), each with what it measures, on which offices, against
 * which base. Metres are linear metres (mét giá). The console names each kind and says what it measures through the
 * message bundles ({@code milestone.kind.<NAME>} and {@code milestone.kind.<NAME>.measures}).
 */
public enum MilestoneKind {

    /**
     * Chỉnh lý, đóng gói, niêm phong (sort, pack and seal): metres in sealed boxes (or reported sealed, where a fonds'
     * boxes are not itemised) against the metres sorted; on every office that holds records (not the historical
     * archive).
     */
    SEALED,

    /**
     * Nộp lưu vào Lưu trữ lịch sử tỉnh (transfer to the provincial historical archive): metres handed to the
     * historical archive against the files appraised for transfer; on the offices that send (not the historical
     * archive, not a new commune receiving records).
     */
    TRANSFERRED,

    /**
     * Bàn giao cho xã, phường mới (hand over to the new commune): metres handed to a successor against the files
     * appraised to be kept there; on the sending offices (former units), never on the new commune that receives.
     */
    HANDED_OVER;

    /**
     * @throws IllegalArgumentException naming the kinds there are, when {@code name} is none of them
     */
    public static MilestoneKind of(String name) {
        for (MilestoneKind k : values()) {
            if (k.name().equals(name)) {
                return k;
            }
        }
        throw new IllegalArgumentException("unknown milestone kind " + name + "; kinds are "
                + Arrays.toString(values()));
    }
}
