package org.archivesync.hub.ingest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A site's records of a batch, in arrival order: a site's records share a partition, so that is offset order.
 *
 * @param siteCode the site (never null)
 * @param items its records (never null; empty when a transaction only drains or releases the site)
 */
record SiteRecords(String siteCode, List<Item> items) {

    private static final Logger log = LoggerFactory.getLogger(SiteRecords.class);

    /**
     * A record of the batch: decoded, or why it is not.
     *
     * @param decoded null when the bytes are undecodable
     * @param undecodable why they are, null when decoded
     */
    record Item(InboundRecord record, EventDecoder.Decoded decoded, String undecodable) {
    }

    /** A site with no records of its own in the transaction. */
    static SiteRecords none(String siteCode) {
        return new SiteRecords(siteCode, List.of());
    }

    /**
     * Decodes the records and groups them by site, sites in order of first appearance. A record that names no site
     * (no key, and bytes that do not decode to an envelope) is dropped and logged.
     *
     * @throws org.archivesync.schemas.registry.SchemaRegistryException when the registry cannot answer now (retriable)
     */
    static List<SiteRecords> group(EventDecoder decoder, List<InboundRecord> records) {
        Map<String, List<Item>> bySite = new LinkedHashMap<>();
        for (InboundRecord r : records) {
            Item item;
            try {
                item = new Item(r, decoder.decode(r), null);
            } catch (UndecodableRecordException e) {
                item = new Item(r, null, e.getMessage());
            }
            String site = r.siteCode() != null ? r.siteCode()
                    : item.decoded() != null ? item.decoded().event().getSiteCode() : null;
            if (site == null) {
                log.warn("record without a key is undecodable, dropped origin={}", r.origin());
                continue;
            }
            bySite.computeIfAbsent(site, s -> new ArrayList<>()).add(item);
        }
        List<SiteRecords> groups = new ArrayList<>();
        bySite.forEach((site, items) -> groups.add(new SiteRecords(site, items)));
        return groups;
    }

    /** The newest of the records that came over the link (not from a USB bundle), or null when none did. */
    InboundRecord newestOverLink() {
        InboundRecord newest = null;
        for (Item item : items) {
            newest = item.record().link() != null ? item.record() : newest;
        }
        return newest;
    }
}
