package org.archivesync.hub.registry;

import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.archivesync.schemas.registry.CompatibilityLevel;

/**
 * Confluent's compatibility levels, decided by Avro's own {@link SchemaCompatibility}. BACKWARD: the candidate, as
 * reader, must read data written with the earlier schema. FORWARD: the earlier schema, as reader, must read data
 * written with the candidate. FULL: both. Which earlier versions take part (the latest, or all for the transitive
 * levels) is the caller's choice.
 */
final class AvroCompatibility {

    /** An earlier version of the subject. */
    record Earlier(int version, Schema schema) {
    }

    private AvroCompatibility() {
    }

    /** True when {@code level} looks at every earlier version rather than the latest one. */
    static boolean transitive(CompatibilityLevel level) {
        return switch (level) {
            case BACKWARD_TRANSITIVE, FORWARD_TRANSITIVE, FULL_TRANSITIVE -> true;
            default -> false;
        };
    }

    /**
     * Every incompatibility of {@code candidate} with {@code earlier} under {@code level}, newest version first; empty
     * when compatible.
     */
    static List<String> violations(CompatibilityLevel level, Schema candidate, List<Earlier> earlier) {
        boolean backward = switch (level) {
            case BACKWARD, BACKWARD_TRANSITIVE, FULL, FULL_TRANSITIVE -> true;
            default -> false;
        };
        boolean forward = switch (level) {
            case FORWARD, FORWARD_TRANSITIVE, FULL, FULL_TRANSITIVE -> true;
            default -> false;
        };
        List<String> out = new ArrayList<>();
        for (int n = earlier.size() - 1; n >= 0; n--) {
            Earlier e = earlier.get(n);
            if (backward) {
                describe(out, level, e.version(), "the new schema cannot read data written with",
                        SchemaCompatibility.checkReaderWriterCompatibility(candidate, e.schema()).getResult().getIncompatibilities());
            }
            if (forward) {
                describe(out, level, e.version(), "data written with the new schema cannot be read with",
                        SchemaCompatibility.checkReaderWriterCompatibility(e.schema(), candidate).getResult().getIncompatibilities());
            }
        }
        return out;
    }

    private static void describe(List<String> out, CompatibilityLevel level, int version, String what,
                                 List<Incompatibility> found) {
        for (Incompatibility i : found) {
            out.add("%s: %s version %d: %s at %s: %s".formatted(level, what, version, i.getType(), i.getLocation(),
                    i.getMessage()));
        }
    }
}
