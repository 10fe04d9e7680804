package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.optionalText;
import static org.archivesync.agent.recording.Fields.required;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.archivesync.agent.identity.KeyRotation;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.store.AgentStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a clerk's commands: validates each against the office's state, applies it to the state tables and appends
 * its event to the outbox, all in one SQLite transaction per call. This class is the façade: the transaction and the
 * signing are {@link RecordingTransaction}'s, the chaining {@link EventChain}'s, and what a command may change its
 * aggregate's rule (found through {@link CommandCatalogue}).
 *
 * <p>Guarantees, per call: either every command is recorded or none is (a refusal or a crash leaves the store as it
 * was); events get the next gapless sequences; each event's Avro bytes are serialized once and chained
 * with the fingerprint of the schema they were written with (the chain rule of docs/contracts.md); the last event of
 * the call is signed with the site's key, so one signature covers the call. A state-secret file is only ever stored
 * and published as its stub.
 *
 * <p>Constructible with plain {@code new}; thread-safe (SQLite's write lock serializes calls, also across processes).
 */
public final class Recorder {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);

    private final AgentStore store;
    private final Supplier<Optional<SiteIdentity>> identity;
    private final String recordedBy;
    private final RecordingTransaction transaction;

    /**
     * A recorder that dates acts on the same clock it keeps time with (no simulated calendar).
     *
     * @param store the agent's store (never null)
     * @param identity the enrolled site; null before enrollment, when every call is refused
     * @param clock gives {@code occurredAt} and "today" for date checks, and the store's own times (never null)
     * @param recordedBy the clerk's account (never null)
     */
    public Recorder(AgentStore store, SiteIdentity identity, Clock clock, String recordedBy) {
        this(store, () -> Optional.ofNullable(identity), clock, clock, recordedBy);
    }

    /** As {@link #Recorder(AgentStore, SiteIdentity, Clock, String)} on the SQLite file at {@code sqlite}. */
    public Recorder(Path sqlite, SiteIdentity identity, Clock clock, String recordedBy) {
        this(AgentStore.open(sqlite), identity, clock, recordedBy);
    }

    /** With an identity looked up on each call (empty until the agent is enrolled); one clock for all. */
    public Recorder(AgentStore store, Supplier<Optional<SiteIdentity>> identity, Clock clock, String recordedBy) {
        this(store, identity, clock, clock, recordedBy);
    }

    /**
     * With the two clocks apart (see {@link org.archivesync.agent.calendar.ActsClock}).
     *
     * @param identity the enrolled site, looked up on each call (never null; empty until enrolled)
     * @param clock the PC's clock: key rotation times, the outbox's {@code recorded_at} (the backlog's age), redaction
     *              times (never null)
     * @param calendar dates the acts: each event's {@code occurredAt} and "today" for date checks; the simulated
     *                 calendar when one is set, else {@code clock} (never null)
     */
    public Recorder(AgentStore store, Supplier<Optional<SiteIdentity>> identity, Clock clock, Clock calendar,
                    String recordedBy) {
        this(Objects.requireNonNull(store, "store"), identity, recordedBy, new RecordingTransaction(store,
                Objects.requireNonNull(clock, "clock"), Objects.requireNonNull(calendar, "calendar")));
    }

    private Recorder(AgentStore store, Supplier<Optional<SiteIdentity>> identity, String recordedBy,
                     RecordingTransaction transaction) {
        this.store = store;
        this.identity = Objects.requireNonNull(identity, "identity");
        this.recordedBy = Objects.requireNonNull(recordedBy, "recordedBy");
        this.transaction = transaction;
    }

    /** The same recorder acting for another clerk. */
    public Recorder withClerk(String clerk) {
        return new Recorder(store, identity, clerk, transaction);
    }

    // Named shortcuts for the commands callers already use; a new command needs none: record(Command) takes it.

    /** Announces a new signing key ({@code SiteKeyRotated}, signed with the current key); see {@link KeyRotation}. */
    public Recorded rotateKey(RotateKey command) {
        return record(command);
    }

    public Recorded registerFonds(RegisterFonds command) {
        return record(command);
    }

    public Recorded registerStorageLocation(RegisterStorageLocation command) {
        return record(command);
    }

    public Recorded reportExtents(ReportExtents command) {
        return record(command);
    }

    /** Packs the box (fondsCode, boxCode), or corrects it while it is packed and at the site. */
    public Recorded packBox(PackBox command) {
        return record(command);
    }

    /** Refused with {@link Refusal#BOX_NOT_PACKED} when the box was never packed in that fonds. */
    public Recorded sealBox(SealBox command) {
        return record(command);
    }

    public Recorded recordFile(RecordFile command) {
        return record(command);
    }

    public Recorded withdrawFile(WithdrawFile command) {
        return record(command);
    }

    public Recorded appraiseFile(AppraiseFile command) {
        return record(command);
    }

    public Recorded digitizeFile(DigitizeFile command) {
        return record(command);
    }

    public Recorded sendHandover(SendHandover command) {
        return record(command);
    }

    public Recorded confirmHandoverReceived(ConfirmHandoverReceived command) {
        return record(command);
    }

    public Recorded recordDestruction(RecordDestruction command) {
        return record(command);
    }

    /** Records one command in its own transaction. */
    public Recorded record(Command command) {
        return recordAll(List.of(command));
    }

    /**
     * Records many commands in ONE transaction with one signature on the last event (an import of a whole sheet).
     * Commands see the effects of earlier ones in the same call. The commands are consumed once, in order, so a large
     * import can be streamed.
     *
     * @throws RecordingRefusedException when any command is refused ({@link RecordingRefusedException#commandIndex()}
     *                                   tells which); nothing is recorded
     */
    public Recorded recordAll(Iterable<? extends Command> commands) {
        SiteIdentity site = identity.get().orElseThrow(() -> new RecordingRefusedException(Refusal.NOT_ENROLLED, null, -1));
        String clerk = clerk();
        Iterator<? extends Command> it = commands.iterator();
        if (!it.hasNext()) {
            throw new RecordingRefusedException(Refusal.BATCH_EMPTY, null, -1);
        }
        Recorded recorded = transaction.run(Optional.of(site), clerk, false, (ctx, events, head) -> {
            Rules rules = new Rules(ctx, false);
            int index = 0;
            while (it.hasNext()) {
                Command command = it.next();
                try {
                    events.add(rules.apply(required(command, "command"), events.nextSequence()));
                } catch (RecordingRefusedException e) {
                    throw e.at(index);
                }
                index++;
            }
            return events.finish();
        }, r -> r);
        log.info("recorded siteCode={} firstSequence={} lastSequence={} count={}", site.siteCode(),
                recorded.firstSequence(), recorded.lastSequence(), recorded.count());
        return recorded;
    }

    /**
     * Records the files of one import: every file in ONE transaction, the last event signed, so one signature covers
     * the import. Unlike {@link #recordAll}, a refused file does not refuse the others: it is skipped and reported,
     * and a file whose current, active row already holds exactly this description (after the same normalisation as
     * recording) is skipped without an event, so importing the same sheet twice records it once. A withdrawn file
     * becomes active again, as with {@link #recordFile}.
     *
     * <p>With {@code dryRun} the same checks run in a transaction that is always rolled back: the counts and refusals
     * are exactly those of a real run at that moment, nothing is written, no event is built, and no enrollment is
     * needed.
     *
     * @param files    the files, consumed once, in order (never null; no null elements)
     * @param dryRun   check only
     * @param progress told how many files were handled, every 1,000 and at the end; null for none
     * @return the counts, the refused files, and what was appended (null when nothing was, and on a dry run)
     * @throws RecordingRefusedException only for the whole call: not enrolled (real run) or no clerk
     */
    public FilesRecorded recordFiles(Iterable<RecordFile> files, boolean dryRun, LongConsumer progress) {
        return recordImport(List.of(), files, dryRun, progress).files();
    }

    /**
     * Records an import that creates its boxes: the boxes first, then the files, in ONE transaction whose last event
     * is signed, so the event stream reads boxes then files. A refused box (an unknown fonds, a box of another fonds,
     * a sealed box) is skipped and reported, like a refused file; the files are handled exactly as by
     * {@link #recordFiles}. With {@code dryRun} the same checks run in a transaction that is always rolled back.
     *
     * @param boxes    the boxes to pack, in order (never null; may be empty)
     * @param files    the files, consumed once, in order (never null; no null elements)
     * @param dryRun   check only
     * @param progress told how many files were handled, every 1,000 and at the end; null for none
     * @return the boxes packed and refused, and what {@link #recordFiles} would return for the files; the files'
     *         {@code recorded} covers the boxes' events too
     * @throws RecordingRefusedException only for the whole call: not enrolled (real run) or no clerk
     */
    public ImportRecorded recordImport(List<PackBox> boxes, Iterable<RecordFile> files, boolean dryRun,
                                       LongConsumer progress) {
        Optional<SiteIdentity> site = identity.get();
        if (!dryRun && site.isEmpty()) {
            throw new RecordingRefusedException(Refusal.NOT_ENROLLED, null, -1);
        }
        ImportRecorded result = transaction.run(site, clerk(), dryRun, (ctx, events, head) ->
                new ImportRun(ctx, events, head).run(boxes, files, dryRun, progress), r -> r.files().recorded());
        FilesRecorded f = result.files();
        log.info("import {} siteCode={} boxes={} boxesRefused={} files={} created={} updated={} unchanged={} "
                        + "refused={} firstSequence={} lastSequence={}", dryRun ? "checked (dry run)" : "recorded",
                site.map(SiteIdentity::siteCode).orElse(null), result.boxesPacked(), result.refusedBoxes().size(),
                f.files(), f.created(), f.updated(), f.unchanged(), f.refused().size(),
                f.recorded() == null ? null : f.recorded().firstSequence(),
                f.recorded() == null ? null : f.recorded().lastSequence());
        return result;
    }

    /** The boxes registered at this office (packed or sealed, at the site or handed over), each by its fonds. */
    public Set<BoxKey> boxKeys() {
        return read(StateTables::boxKeys);
    }

    /**
     * What the office holds of one file, for features that act on a file without changing it (the scan watcher).
     *
     * @return empty when no file {@code fondsCode/fileCode} was ever recorded here
     */
    public Optional<FileSummary> file(String fondsCode, String fileCode) {
        return read(state -> state.files().file(fondsCode, fileCode).map(f -> new FileSummary(fondsCode, fileCode,
                f.accessRegime(), f.status() == FileStatus.ACTIVE)));
    }

    /** The recorded digital objects whose content has this SHA-256 (32 bytes), in any file; empty when none. */
    public List<FileSummary.StoredObject> digitalObjectsWithSha256(byte[] sha256) {
        return read(state -> state.files().objectsWithSha256(sha256));
    }

    @FunctionalInterface
    private interface Query<T> {
        T run(StateTables state) throws SQLException;
    }

    private <T> T read(Query<T> query) {
        return store.read(c -> {
            try (StateTables state = new StateTables(c)) {
                return query.run(state);
            }
        });
    }

    private String clerk() {
        String clerk = optionalText(recordedBy, "recordedBy", Fields.MAX_CODE);
        if (clerk == null) {
            throw new RecordingRefusedException(Refusal.REQUIRED, "recordedBy", -1);
        }
        return clerk;
    }


}
