package org.archivesync.hub.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.archivesync.schemas.integrity.ChainVerifier;

/**
 * Which sites' parked events a transaction loads, and loading them: at most one window ({@code unpark-batch-events})
 * per site, so a site with a long backlog behind a gap does not reload it with every batch. Runs in the caller's
 * transaction, after the sites' cursors are locked.
 */
final class ParkedWindows {

    private final IngestStore store;
    private final ParkedVouching vouching;
    private final SetAsideRecords setAside;
    private final int window;

    /** @param window the most parked events a transaction loads per site */
    ParkedWindows(IngestStore store, SetAsideRecords setAside, int window) {
        this.store = store;
        this.vouching = new ParkedVouching(store);
        this.setAside = setAside;
        this.window = window;
    }

    /**
     * Loads the parked window of each site that needs one (see {@link #needing}); a site with more than a window parked
     * first has what its parked signatures cover vouched for, so a window of an unsigned run can be applied.
     *
     * @param cursors the sites' locked cursors, by site
     * @param releasing sites being released
     * @param draining sites whose parked events are loaded whatever the batch brings
     * @return a window for every site of {@code groups} (empty for those that load none); never null
     */
    Map<String, SitePlanner.ParkedWindow> load(List<SiteRecords> groups, Map<String, IngestStore.Cursor> cursors,
                                               Set<String> releasing, Set<String> draining, ChainVerifier verifier,
                                               Instant now) {
        List<String> codes = groups.stream().map(SiteRecords::siteCode).toList();
        Map<String, Long> lowestParked = store.lowestParked(codes);
        List<String> loading = needing(groups, cursors, lowestParked, releasing, draining);
        for (String site : loading) {
            if (cursors.get(site).parkedCount() > window) {
                // More than one window: what the signatures beyond the window cover must be known before it is read.
                ParkedVouching.Result vouched = vouching.vouch(site, cursors.get(site).position().sequence(), verifier,
                        window);
                store.unpark(vouched.setAsideIds());
                setAside.record(site, vouched.setAside(), now);
            }
        }
        Map<String, Long> after = new LinkedHashMap<>();
        loading.forEach(site -> after.put(site, cursors.get(site).position().sequence()));
        Map<String, List<IngestStore.Parked>> parked = store.parked(after, window);
        Map<String, SitePlanner.ParkedWindow> windows = new HashMap<>();
        for (String site : codes) {
            List<IngestStore.Parked> loaded = parked.getOrDefault(site, List.of());
            // A full window may have more behind it.
            boolean more = loaded.isEmpty() ? lowestParked.containsKey(site) : loaded.size() >= window;
            windows.put(site, new SitePlanner.ParkedWindow(loaded, more));
        }
        return windows;
    }

    /**
     * The sites whose parked events this batch may let through: a site being released, or drained and not
     * quarantined; or one whose next sequence is parked (a tail waiting for its signed event, or a withheld event to
     * pass); or one whose batch brings a sequence of the gap. A quarantined site's parked events wait for the release.
     *
     * @param lowest the lowest parked sequence of each site that has parked events
     */
    static List<String> needing(List<SiteRecords> groups, Map<String, IngestStore.Cursor> cursors, Map<String, Long> lowest,
                                Set<String> releasing, Set<String> draining) {
        List<String> sites = new ArrayList<>();
        for (SiteRecords g : groups) {
            IngestStore.Cursor cursor = cursors.get(g.siteCode());
            Long first = lowest.get(g.siteCode());
            if (releasing.contains(g.siteCode()) || draining.contains(g.siteCode()) && !cursor.quarantined()) {
                sites.add(g.siteCode());
            } else if (first == null || cursor.quarantined()) {
                continue;
            } else if (first == cursor.position().sequence() + 1 || g.items().stream().anyMatch(i -> i.decoded() != null
                    && i.decoded().event().getSequence() > cursor.position().sequence()
                    && i.decoded().event().getSequence() < first)) {
                sites.add(g.siteCode());
            }
        }
        return sites;
    }
}
