package org.archivesync.hub.catalogue;

import org.archivesync.avro.SiteEvent;

/**
 * A verified event, ready to be applied: chained to the site's cursor and covered by a signature.
 *
 * @param siteCode the site whose stream it belongs to (never null)
 * @param sequence its sequence
 * @param event the decoded envelope (never null)
 */
public record AcceptedEvent(String siteCode, long sequence, SiteEvent event) {
}
