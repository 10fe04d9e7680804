package org.archivesync.hub.ingest;

import org.archivesync.hub.fixtures.Agent;
import static org.archivesync.hub.fixtures.Agent.file;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A batch decoded and grouped by site, as the planner receives it. */
class SiteRecordsTest {

    @Test
    void recordsAreGroupedBySiteInArrivalOrderWithTheUndecodableKept() {
        Agent a = new Agent("CM.A");
        Agent b = new Agent("CM.B");
        List<Agent.Event> ta = a.events(file("F1", "HS-1", "Sổ"), file("F1", "HS-2", "Sổ"));
        List<Agent.Event> tb = b.events(file("F2", "HS-1", "Sổ"));
        List<InboundRecord> batch = List.of(ta.get(0).record(Decoding.SCHEMA_ID), tb.get(0).record(Decoding.SCHEMA_ID),
                new InboundRecord("CM.A", new byte[] {9}, null, null, "t-0@9"), ta.get(1).record(Decoding.SCHEMA_ID),
                new InboundRecord(null, new byte[] {9}, null, null, "t-1@1"));

        List<SiteRecords> groups = SiteRecords.group(Decoding.DECODER, batch);

        assertThat(groups).extracting(SiteRecords::siteCode).containsExactly("CM.A", "CM.B");
        assertThat(groups.get(0).items()).extracting(i -> i.record().origin())
                .containsExactly("test-0@1", "t-0@9", "test-0@2");
        assertThat(groups.get(0).items().get(1).decoded()).isNull();
        assertThat(groups.get(0).items().get(1).undecodable()).isNotBlank();
        assertThat(groups.get(1).items()).singleElement().satisfies(i -> assertThat(i.decoded()).isNotNull());
    }
}
