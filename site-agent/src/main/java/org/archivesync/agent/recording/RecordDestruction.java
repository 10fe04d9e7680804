package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Destruction of expired files, with two distinct approvers; every file must be appraised DESTROY and not be of
 * permanent retention. Becomes {@code DestructionRecorded}.
 */
public record RecordDestruction(UUID destructionId, String decisionRef, String firstApprover, String secondApprover,
                                String minutesNumber, List<FileKey> files, BigDecimal metres, LocalDate destroyedOn)
        implements Command {
}
