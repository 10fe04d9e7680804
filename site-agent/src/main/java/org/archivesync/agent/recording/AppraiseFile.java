package org.archivesync.agent.recording;

import java.time.LocalDate;
import org.archivesync.avro.AppraisalDecision;

/** Records an appraisal decision; replaces an earlier one. Becomes {@code FileAppraised}. */
public record AppraiseFile(String fondsCode, String fileCode, AppraisalDecision decision, String basis,
                           String councilDecisionRef, LocalDate appraisedOn) implements Command {
}
