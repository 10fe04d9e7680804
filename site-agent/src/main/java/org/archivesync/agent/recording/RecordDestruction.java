package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/**
 * Destruction of expired files (hủy tài liệu hết thời hạn lưu trữ), signed by two different people: {@code firstApprover}
 * represents the side handing the records over for destruction (đại diện bên giao tài liệu để hủy),
 * {@code secondApprover} the side destroying them (đại diện bên hủy tài liệu); the field names are the contract's. Every
 * file must be appraised DESTROY and not be of permanent retention. Becomes {@code DestructionRecorded}.
 */
public record RecordDestruction(UUID destructionId, String decisionRef, String firstApprover, String secondApprover,
                                String minutesNumber, List<FileKey> files, BigDecimal metres, LocalDate destroyedOn)
        implements Command {
}
