package org.archivesync.hub.catalogue;

import java.util.Set;

/**
 * The catalogue applied (or refused, keeping their place) events of these offices, in the transaction that publishes
 * this; listeners run in it, before it commits. Published once per {@link Catalogue#apply} or
 * {@link Catalogue#replay} that was given events. Never null, never empty.
 */
public record EventsApplied(Set<String> siteCodes) {
}
