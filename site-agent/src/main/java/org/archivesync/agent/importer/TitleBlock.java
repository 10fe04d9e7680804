package org.archivesync.agent.importer;

/**
 * What the lines above the header say about the list: "Tên phông: …", "Phông số: …", "Mục lục số: …". Text in NFC.
 *
 * @param fondsName   tên phông; null when not written
 * @param fondsNumber phông số; null when not written
 * @param listNumber  mục lục số; null when not written
 */
public record TitleBlock(String fondsName, String fondsNumber, String listNumber) {

    static final TitleBlock NONE = new TitleBlock(null, null, null);
}
