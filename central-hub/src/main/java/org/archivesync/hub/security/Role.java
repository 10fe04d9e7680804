package org.archivesync.hub.security;

/**
 * What a console or API user may do. Each role includes the ones before it.
 */
public enum Role {
    /** Reads every page and every GET of the API (người xem). */
    VIEWER,
    /** Also downloads exports: file lists (mục lục hồ sơ), handover minutes, destruction records (lưu trữ viên). */
    ARCHIVIST,
    /** Also enrolls sites, issues tokens, releases quarantine, edits campaigns and reference data (người vận hành). */
    OPERATOR;

    /** The Spring Security authority of this role. */
    public String authority() {
        return "ROLE_" + name();
    }
}
