package org.archivesync.agent.recording;

import java.time.LocalDate;

/** Registers (or re-describes) a fonds held at this site; {@code closed} null means open. Becomes {@code FondsRegistered}. */
public record RegisterFonds(String fondsCode, String name, String creatingBody, String creatingUnitCode,
                            LocalDate startDate, LocalDate endDate, Boolean closed) implements Command {
}
