package org.archivesync.hub.api;

/** Thrown when a REST request names something the catalogue does not have; answered 404. */
public class NotFoundException extends RuntimeException {

    private final String kind;
    private final String key;

    /**
     * @param kind what was looked for, a message key suffix: {@code unit}, {@code fonds}, {@code handover},
     *             {@code box}, {@code file}, {@code destruction}, {@code campaign}, {@code milestone}
     * @param key the code or id asked for
     */
    public NotFoundException(String kind, String key) {
        super(kind + " " + key + " not found");
        this.kind = kind;
        this.key = key;
    }

    public String kind() {
        return kind;
    }

    public String key() {
        return key;
    }
}
