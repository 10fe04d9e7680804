package org.archivesync.agent.recording;

/**
 * A clerk's action. Each command becomes exactly one event in the outbox. Fields are named as in the events and in
 * the REST API; a refusal names the field it is about with the same name. Each has one entry in
 * {@link CommandCatalogue} (its names, endpoint and rule); site-agent/README.md says how to add one.
 */
public sealed interface Command permits RegisterFonds, RegisterStorageLocation, ReportExtents, PackBox, SealBox,
        RecordFile, WithdrawFile, AppraiseFile, DigitizeFile, SendHandover, ConfirmHandoverReceived, RecordDestruction,
        RotateKey {
}
