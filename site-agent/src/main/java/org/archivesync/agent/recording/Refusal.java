package org.archivesync.agent.recording;

/**
 * Why a command was refused, each with its message key. Every message takes the field as argument {0}; some take
 * more (a code, a limit) as {1}, {2}.
 */
public enum Refusal {
    NOT_ENROLLED("identity.not-enrolled"),
    KEY_ROTATION_PENDING("identity.rotation-pending"),
    KEY_ID_MISMATCH("identity.key-id-mismatch"),
    /** The hub holds later sequences than this store ({1} hub's last, {2} this store's last): restored from a backup. */
    FORK_BEHIND("fork.behind"),
    /** The hub's last sequence ({1}) has another hash here ({2} this store's last): a cloned PC or divergent history. */
    FORK_BESIDE("fork.beside"),
    BATCH_EMPTY("batch.empty"),
    REQUIRED("field.required"),
    TOO_LONG("field.too-long"),
    CONTROL_CHARACTERS("field.control-characters"),
    NEGATIVE("field.negative"),
    NOT_POSITIVE("field.not-positive"),
    TOO_PRECISE("field.too-precise"),
    DATE_ORDER("field.date-order"),
    DATE_PRECISION("field.date-precision"),
    IN_FUTURE("field.in-future"),
    LANGUAGE("field.language"),
    SHA256("field.sha256"),
    DUPLICATE_IN_LIST("field.duplicate"),
    FONDS_UNKNOWN("fonds.unknown"),
    LOCATION_UNKNOWN("location.unknown"),
    LOCATION_OWN_PARENT("location.own-parent"),
    EXTENT_EXCEEDS("extents.exceeds"),
    BOX_UNKNOWN("box.unknown"),
    BOX_NOT_PACKED("box.not-packed"),
    BOX_ALREADY_SEALED("box.already-sealed"),
    BOX_HANDED_OVER("box.handed-over"),
    FILE_UNKNOWN("file.unknown"),
    FILE_NOT_ACTIVE("file.not-active"),
    RETENTION_YEARS("file.retention-years"),
    SECRET_LEVEL("file.secret-level"),
    SECRET_DESCRIPTIVE_FIELD("secret.descriptive-field"),
    SECRET_DIGITAL_OBJECTS("secret.digital-objects"),
    APPRAISAL_DESTROY_PERMANENT("appraisal.destroy-permanent"),
    HANDOVER_EMPTY("handover.empty"),
    HANDOVER_DUPLICATE("handover.duplicate"),
    HANDOVER_BOX_NOT_SEALED("handover.box-not-sealed"),
    HANDOVER_OWN_SITE("handover.own-site"),
    HANDOVER_ALREADY_RECEIVED("handover.already-received"),
    DESTRUCTION_SAME_APPROVER("destruction.same-approver"),
    DESTRUCTION_NOT_APPRAISED_DESTROY("destruction.not-appraised-destroy"),
    DESTRUCTION_PERMANENT_RETENTION("destruction.permanent-retention"),
    DESTRUCTION_LEGACY_LONG_TERM("destruction.legacy-long-term"),
    DESTRUCTION_EMPTY("destruction.empty"),
    DESTRUCTION_DUPLICATE("destruction.duplicate");

    private final String messageKey;

    Refusal(String messageKey) {
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }
}
