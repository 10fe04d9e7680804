package org.archivesync.hub.catalogue;

/**
 * The catalogue refused an event in a way that must stop the site's stream: a state-secret file's event carried more
 * than the stub. The event was not applied and its content must not be kept; the site's earlier events of the batch
 * were applied, its later ones were not.
 *
 * @param siteCode the site
 * @param sequence the refused event
 * @param detail an English sentence without event content
 */
public record SiteStop(String siteCode, long sequence, String detail) {
}
