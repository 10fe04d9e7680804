package org.archivesync.hub.catalogue;

/**
 * A file found by {@link Catalogue#search}.
 *
 * @param fondsCode fonds code
 * @param fileCode file code
 * @param siteCode the site that recorded it
 * @param boxCode its box, or null
 * @param title its title (never a state-secret file's: those are stubs and not searchable)
 */
public record FileHit(String fondsCode, String fileCode, String siteCode, String boxCode, String title) {
}
