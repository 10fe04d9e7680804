package org.archivesync.hub.catalogue;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The projections' side of a state secret's text: what the catalogue's own tables let go of when a file becomes a
 * state secret, and which receipts' discrepancies concern one. Set-based: one statement per table however many files
 * and events.
 */
final class SecretRedactions {

    private static final String DESCRIBED_FILES = """
            SELECT f.fonds_code || '/' || f.file_code FROM files f
            JOIN unnest(:fonds::text[], :file::text[]) AS u(fonds_code, file_code)
              ON f.fonds_code = u.fonds_code AND f.file_code = u.file_code
            WHERE f.access_regime <> 'STATE_SECRET'""";

    // The description went with the stub's upsert; what else about these files holds text.
    private static final String APPRAISAL_BASIS = """
            UPDATE appraisals a SET basis = NULL
            FROM unnest(:fonds::text[], :file::text[]) AS u(fonds_code, file_code)
            WHERE a.fonds_code = u.fonds_code AND a.file_code = u.file_code AND a.basis IS NOT NULL""";

    // A receipt's discrepancies concern every file its handover lists, directly or in a listed box (of its fonds).
    // The text is replaced, not emptied: a receipt with discrepancies stays received with discrepancies.
    private static final String SECRET_FILE_OF_HANDOVER = """
            EXISTS (SELECT 1 FROM handover_items i JOIN files f
                      ON (i.item_kind = 'FILE' AND f.fonds_code = split_part(i.item_key, '/', 1)
                          AND f.file_code = substr(i.item_key, strpos(i.item_key, '/') + 1))
                      OR (i.item_kind = 'BOX' AND f.fonds_code = i.fonds_code AND f.box_code = i.item_key)
                    WHERE i.handover_id = h.handover_id AND f.access_regime = 'STATE_SECRET'%s)""";
    private static final String DISCREPANCIES_OF_HANDOVER = """
            UPDATE handovers h SET discrepancies = :withheld
            WHERE h.handover_id = :id AND nullif(btrim(h.discrepancies), '') IS NOT NULL
              AND h.discrepancies <> :withheld AND %s
            RETURNING h.receiver_site_code, h.received_sequence""".formatted(SECRET_FILE_OF_HANDOVER.formatted(""));
    private static final String DISCREPANCIES_OF_FILES = """
            UPDATE handovers h SET discrepancies = :withheld
            WHERE nullif(btrim(h.discrepancies), '') IS NOT NULL AND h.discrepancies <> :withheld AND %s
            RETURNING h.receiver_site_code, h.received_sequence""".formatted(SECRET_FILE_OF_HANDOVER.formatted(
            " AND f.fonds_code || '/' || f.file_code = ANY(:keys::text[])"));

    private final JdbcClient jdbc;

    SecretRedactions(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Of these keys, the files the catalogue holds with another access regime than state secret. */
    List<String> describedFiles(Collection<String> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        return withKeys(jdbc.sql(DESCRIBED_FILES), keys).query(String.class).list();
    }

    /**
     * Lets go of what the projections hold of these files' text beyond the stub: appraisal bases and discrepancies of
     * the receipts of handovers listing them (search documents go on {@link FilesBecameSecret}).
     *
     * @return the receipts whose discrepancies were withheld, as events of the log
     */
    List<SecretText.StoredEvent> reclassified(Collection<String> keys) {
        withKeys(jdbc.sql(APPRAISAL_BASIS), keys).update();
        return jdbc.sql(DISCREPANCIES_OF_FILES).param("withheld", SecretText.WITHHELD)
                .param("keys", keys.toArray(String[]::new)).query((rs, n) -> receipt(rs.getString(1), rs.getLong(2)))
                .list().stream().filter(e -> e != null).toList();
    }

    /**
     * Withholds the discrepancies of this handover's receipt when it lists a state-secret file.
     *
     * @return the receipt's event when its text was withheld, else null
     */
    SecretText.StoredEvent handover(UUID handoverId) {
        List<SecretText.StoredEvent> receipts = new ArrayList<>(jdbc.sql(DISCREPANCIES_OF_HANDOVER)
                .param("withheld", SecretText.WITHHELD).param("id", handoverId)
                .query((rs, n) -> receipt(rs.getString(1), rs.getLong(2))).list());
        return receipts.isEmpty() ? null : receipts.get(0);
    }

    private static SecretText.StoredEvent receipt(String site, long sequence) {
        return site == null ? null : new SecretText.StoredEvent(site, sequence);
    }

    private static JdbcClient.StatementSpec withKeys(JdbcClient.StatementSpec spec, Collection<String> keys) {
        List<String> fonds = new ArrayList<>(keys.size());
        List<String> files = new ArrayList<>(keys.size());
        for (String key : keys) {
            int slash = key.indexOf('/');
            fonds.add(key.substring(0, Math.max(0, slash)));
            files.add(key.substring(slash + 1));
        }
        return spec.param("fonds", fonds.toArray(String[]::new)).param("file", files.toArray(String[]::new));
    }
}
