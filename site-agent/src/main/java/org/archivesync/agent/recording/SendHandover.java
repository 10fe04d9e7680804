package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.archivesync.avro.ReceiverKind;

/** The sender's side of a handover, as in the minutes. Becomes {@code HandoverRecorded}. */
public record SendHandover(UUID handoverId, ReceiverKind receiverKind, String receivingUnitCode,
                           String receivingSiteCode, String minutesNumber, List<BoxKey> boxes, List<FileKey> files,
                           BigDecimal metres, LocalDate handedOverOn) implements Command {
}
