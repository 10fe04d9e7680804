package org.archivesync.hub.progress;

import java.time.LocalDate;
import java.util.List;

/** A campaign with its milestones, earliest due first. */
public record Campaign(String campaignCode, String name, LocalDate startsOn, List<Milestone> milestones) {
}
