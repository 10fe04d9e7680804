package org.archivesync.hub.progress;

import java.util.List;

/**
 * One row of a progress view.
 *
 * @param key site code, unit key, "-" for sites whose unit is not known, or {@code shared:<site code>} for the part
 *        of an office's figures whose new commune is not known
 * @param name the site's or unit's name (for a shared row, the site's name)
 * @param sites sites in the group; sitesAtRisk those at risk on some milestone
 * @param sharedAmong for a shared row, the names of the new communes the part may belong to; empty otherwise
 */
public record Row(String key, String name, int sites, int sitesAtRisk, Figures figures,
                  List<MilestoneProgress> milestones, boolean atRisk, List<String> sharedAmong) {

    /** The key prefix of a row holding the part of one office's figures whose new commune is not known. */
    public static final String SHARED = "shared:";

    /** Whether this row is the not-apportioned part of one office (key {@code shared:<site>}). */
    public boolean shared() {
        return key.startsWith(SHARED);
    }
}
