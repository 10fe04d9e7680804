package org.archivesync.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a batch tells about the offices' links, decided before the one statement that records it. */
class LinkReportsTest {

    private static final Instant NOW = Instant.parse("2025-07-01T03:00:00Z");
    private static final Instant SENT = Instant.parse("2025-07-01T02:59:00Z");

    @Test
    void theNewestRecordOverTheLinkSpeaksForItsSite() {
        SiteRecords site = group("CM.A", link(5L, SENT, SENT.toEpochMilli() + 1_000), link(4L, SENT, null), null);

        assertThat(LinkReports.updates(List.of(site), s -> true, NOW))
                .containsExactly(new IngestStore.LinkUpdate("CM.A", 4L, SENT, null));
    }

    @Test
    void aBacklogWithoutItsSendTimeIsDatedOnReceiptAndClockSkewNeedsTheBrokersTime() {
        SiteRecords noSentAt = group("CM.A", link(3L, null, 1_000L));
        SiteRecords skewed = group("CM.B", link(null, SENT, SENT.toEpochMilli() - 120_000));

        assertThat(LinkReports.updates(List.of(noSentAt, skewed), s -> true, NOW)).containsExactly(
                new IngestStore.LinkUpdate("CM.A", 3L, NOW, null),
                new IngestStore.LinkUpdate("CM.B", null, null, 120_000L));
    }

    @Test
    void bundlesAndUnknownSitesSayNothingAboutALink() {
        SiteRecords bundle = group("CM.A", (InboundRecord.LinkHeaders) null);
        SiteRecords stranger = group("CM.X", link(1L, SENT, null));

        assertThat(LinkReports.updates(List.of(bundle, stranger), s -> !s.equals("CM.X"), NOW)).isEmpty();
    }

    private static InboundRecord.LinkHeaders link(Long backlog, Instant sentAt, Long brokerTime) {
        return new InboundRecord.LinkHeaders(backlog, sentAt, brokerTime);
    }

    private static SiteRecords group(String site, InboundRecord.LinkHeaders... links) {
        List<SiteRecords.Item> items = new ArrayList<>();
        int offset = 0;
        for (InboundRecord.LinkHeaders l : links) {
            items.add(new SiteRecords.Item(new InboundRecord(site, new byte[0], null, null, "t-0@" + offset++, l), null,
                    "empty"));
        }
        return new SiteRecords(site, items);
    }
}
