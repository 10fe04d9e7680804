package org.archivesync.hub.ingest;

import org.archivesync.hub.fixtures.Agent;
import static org.archivesync.hub.ingest.Decoding.cursor;
import static org.archivesync.hub.ingest.Decoding.records;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which sites' parked events a transaction loads: decided from cursors and the batch alone. */
class ParkedWindowsTest {

    private static final String SITE = "CM.DAMDOI.UBND";

    private final Agent office = new Agent(SITE);

    @Test
    void aSiteLoadsItsParkedEventsWhenTheyContinueItsCursorOrItsBatchFillsTheGap() {
        List<Agent.Event> events = office.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"),
                file("F1", "HS-3", "Sổ"));
        Map<String, IngestStore.Cursor> atOne = Map.of(SITE, cursor(SITE, 1, office.hash(1)));

        assertThat(needing(SiteRecords.none(SITE), atOne, 2L)).containsExactly(SITE);
        assertThat(needing(records(SITE, events.subList(1, 2)), atOne, 3L)).containsExactly(SITE);
        assertThat(needing(records(SITE, events.subList(2, 3)), atOne, 3L)).isEmpty();
        assertThat(needing(records(SITE, events.subList(1, 2)), atOne, null)).isEmpty();
    }

    @Test
    void aQuarantinedSiteLoadsNothingUntilItIsReleased() {
        office.events(file("F1", "HS-1", "Sổ"));
        IngestStore.Cursor c = cursor(SITE, 1, office.hash(1));
        Map<String, IngestStore.Cursor> quarantined = Map.of(SITE,
                new IngestStore.Cursor(SITE, c.position(), true, null, false, 5, 50));
        List<SiteRecords> groups = List.of(SiteRecords.none(SITE));

        assertThat(needing(SiteRecords.none(SITE), quarantined, 2L)).isEmpty();
        assertThat(ParkedWindows.needing(groups, quarantined, Map.of(SITE, 2L), Set.of(), Set.of(SITE))).isEmpty();
        assertThat(ParkedWindows.needing(groups, quarantined, Map.of(SITE, 2L), Set.of(SITE), Set.of()))
                .containsExactly(SITE);
        assertThat(ParkedWindows.needing(groups, Map.of(SITE, c), Map.of(), Set.of(), Set.of(SITE)))
                .containsExactly(SITE);
    }

    private static List<String> needing(SiteRecords group, Map<String, IngestStore.Cursor> cursors, Long lowest) {
        return ParkedWindows.needing(List.of(group), cursors, lowest == null ? Map.of() : Map.of(SITE, lowest), Set.of(),
                Set.of());
    }
}
