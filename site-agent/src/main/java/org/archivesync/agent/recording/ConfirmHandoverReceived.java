package org.archivesync.agent.recording;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** The receiver's side of another site's handover. Becomes {@code HandoverReceived}. */
public record ConfirmHandoverReceived(UUID handoverId, String senderSiteCode, String minutesNumber,
                                      List<BoxKey> receivedBoxes, List<FileKey> receivedFiles,
                                      BigDecimal receivedMetres, LocalDate receivedOn, String discrepancies)
        implements Command {
}
