package org.archivesync.schemas.registry;

import java.util.List;

/**
 * The answer of {@code POST /compatibility/subjects/{subject}/versions/{version}?verbose=true}.
 *
 * @param compatible Confluent's {@code is_compatible}
 * @param messages the reasons when incompatible (empty when the server gives none), never null
 */
public record CompatibilityResult(boolean compatible, List<String> messages) {
}
