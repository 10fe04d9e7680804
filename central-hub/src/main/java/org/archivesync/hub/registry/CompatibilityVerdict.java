package org.archivesync.hub.registry;

import java.util.List;

/**
 * The outcome of a compatibility check.
 *
 * @param compatible true when the candidate may be registered under the level
 * @param messages why not, one line per incompatibility and earlier version (empty when compatible, never null)
 */
public record CompatibilityVerdict(boolean compatible, List<String> messages) {

    static CompatibilityVerdict of(List<String> messages) {
        return new CompatibilityVerdict(messages.isEmpty(), List.copyOf(messages));
    }
}
