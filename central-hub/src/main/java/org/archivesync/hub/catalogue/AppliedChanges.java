package org.archivesync.hub.catalogue;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What {@link Catalogue#apply} did.
 *
 * @param applied how many events were applied (rejected ones, recorded with an alert, count as applied: they took
 *                their place in the site's history)
 * @param stops per site, the event that stopped it; that site's events before it were applied, it and the later
 *              ones were not (never null, usually empty)
 * @param changedFiles keys {@code fondsCode/fileCode} of files whose published state may have changed (never null)
 * @param progressSites sites whose progress figures may have changed: every site with an applied event, and the
 *                      sender of a handover another site's receipt completed (never null)
 * @param refusals the events refused because their office does not hold what they touch, in the order refused (they
 *                 count as applied: they keep their place in the office's history; never null)
 * @param secretText what of state-secret files' free text the catalogue let go of: the event log and the outbound
 *                   topics must let go of it too (never null; {@link SecretText#NONE} in a rebuild)
 */
public record AppliedChanges(int applied, Map<String, SiteStop> stops, Set<String> changedFiles,
                             Set<String> progressSites, List<Refusal> refusals, SecretText secretText) {
}
