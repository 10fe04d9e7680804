package org.archivesync.agent.objectstore;

/** The one rule for keys, shared by both stores. */
final class ObjectKeys {

    static final int MAX_LENGTH = 500;

    private ObjectKeys() {
    }

    /** Returns {@code key} when it is a relative '/'-separated key with no empty, '.' or '..' segment. */
    static String check(String key) {
        if (key == null || key.isEmpty() || key.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("object key must have 1 to " + MAX_LENGTH + " characters");
        }
        if (key.indexOf('\\') >= 0 || key.indexOf(':') >= 0) {
            throw new IllegalArgumentException("object key must not contain '\\' or ':': " + key);
        }
        for (String segment : key.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("object key must be relative without empty, . or .. segments: " + key);
            }
            for (int i = 0; i < segment.length(); i++) {
                if (Character.isISOControl(segment.charAt(i))) {
                    throw new IllegalArgumentException("object key must not contain control characters");
                }
            }
        }
        return key;
    }
}
