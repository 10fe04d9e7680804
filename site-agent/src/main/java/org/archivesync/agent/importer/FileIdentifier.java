package org.archivesync.agent.importer;

import java.util.StringJoiner;

/**
 * Builds a file's identifier (mã hồ sơ) when the sheet has no "Mã hồ sơ" column, as TT 05/2025 composes it.
 *
 * <p>The rule: the parts below, those present, joined with {@code "."}, in this order:
 * <ol>
 * <li>the fonds code (the row's fonds: its column, or {@code --fonds});</li>
 * <li>the year the file was formed: the year of its start date, or of its end date when the start is blank; left
 *     out when the row has no date, and always left out for a state-secret row (the agent holds no date of a secret
 *     file, not even inside its identifier);</li>
 * <li>the reference (số và ký hiệu hồ sơ) as written; when the row has none, {@code "HS"} followed by the file
 *     number (hồ sơ số) as written;</li>
 * <li>the list number (mục lục số): the row's "Mục lục số" cell, else {@code --list-number} (REST
 *     {@code listNumber}), else the title block's "Mục lục số: …" line; left out when there is none.</li>
 * </ol>
 * Example: fonds CM.TVT.UBND, formed 2019, reference 01.TH, mục lục 2 gives {@code CM.TVT.UBND.2019.01.TH.2}; the
 * same reference in 2020 gives {@code CM.TVT.UBND.2020.01.TH.2}, another file. A row with neither a "Mã hồ sơ", a
 * reference nor a file number has no identifier and is a problem. A "Mã hồ sơ" cell, when written, is the
 * identifier as written and nothing is built.
 */
final class FileIdentifier {

    private FileIdentifier() {
    }

    /**
     * @param fondsCode  the row's fonds; null leaves it out (the row then has a missing-fonds problem anyway)
     * @param year       the year formed; null leaves it out
     * @param reference  số và ký hiệu hồ sơ; null when none
     * @param fileNumber hồ sơ số; used only without a reference; null when none
     * @param listNumber mục lục số; null leaves it out
     * @return the identifier, or null when there is neither a reference nor a file number
     */
    static String build(String fondsCode, Integer year, String reference, String fileNumber, String listNumber) {
        if (reference == null && fileNumber == null) {
            return null;
        }
        StringJoiner code = new StringJoiner(".");
        if (fondsCode != null) {
            code.add(fondsCode);
        }
        if (year != null) {
            code.add(Integer.toString(year));
        }
        code.add(reference != null ? reference : "HS" + fileNumber);
        if (listNumber != null) {
            code.add(listNumber);
        }
        return code.toString();
    }
}
