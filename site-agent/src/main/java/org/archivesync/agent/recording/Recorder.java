package org.archivesync.agent.recording;

import static org.archivesync.agent.recording.Fields.code;
import static org.archivesync.agent.recording.Fields.optionalCode;
import static org.archivesync.agent.recording.Fields.optionalText;
import static org.archivesync.agent.recording.Fields.refuse;
import static org.archivesync.agent.recording.Fields.required;
import static org.archivesync.agent.recording.Fields.text;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.archivesync.agent.AgentVersion;
import org.archivesync.agent.identity.KeyRotation;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.ChainFork;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxRedaction;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxRef;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.DestructionRecorded;
import org.archivesync.avro.DigitalObject;
import org.archivesync.avro.ExtentReported;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FileRef;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.FondsRegistered;
import org.archivesync.avro.HandoverReceived;
import org.archivesync.avro.HandoverRecorded;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteEvent;
import org.archivesync.avro.SiteKeyRotated;
import org.archivesync.avro.StorageLocationRegistered;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.wire.AvroCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records a clerk's commands: validates each against the office's state, applies it to the state tables and appends
 * its event to the outbox, all in one SQLite transaction per call.
 *
 * <p>Guarantees, per call: either every command is recorded or none is (a refusal or a crash leaves the store as it
 * was); events get the next gapless sequences; each event's Avro bytes are serialized once and chained
 * with the fingerprint of the schema they were written with (the chain rule of docs/contracts.md); the last event of the call is signed with the site's key, so one
 * signature covers the call. A state-secret file is only ever stored and published as its stub.
 *
 * <p>Constructible with plain {@code new}; thread-safe (SQLite's write lock serializes calls, also across processes).
 */
public final class Recorder {

    private static final Logger log = LoggerFactory.getLogger(Recorder.class);
    /** Every body is written with the generated SiteEvent schema, the one the publisher registers. */
    private static final byte[] WRITER_FINGERPRINT = SchemaFingerprint.of(SiteEvent.getClassSchema());

    private final AgentStore store;
    private final Supplier<Optional<SiteIdentity>> identity;
    /** The PC's clock: key rotation times, the outbox's recorded_at (backlog age), redaction times. */
    private final Clock clock;
    /** Dates the acts: events' occurredAt and "today" for date checks (the simulated calendar when one is set). */
    private final Clock calendar;
    private final String recordedBy;
    private final String agentVersion;
    /** The identity last switched to by a key rotation, shared with the copies made by {@link #withClerk}. */
    private final AtomicReference<SiteIdentity> switched;

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
        this(store, identity, clock, calendar, recordedBy, new AtomicReference<>());
    }

    private Recorder(AgentStore store, Supplier<Optional<SiteIdentity>> identity, Clock clock, Clock calendar,
                     String recordedBy, AtomicReference<SiteIdentity> switched) {
        this.store = Objects.requireNonNull(store, "store");
        this.identity = Objects.requireNonNull(identity, "identity");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.calendar = Objects.requireNonNull(calendar, "calendar");
        this.recordedBy = Objects.requireNonNull(recordedBy, "recordedBy");
        this.agentVersion = AgentVersion.current();
        this.switched = switched;
    }

    /** The same recorder acting for another clerk. */
    public Recorder withClerk(String clerk) {
        return new Recorder(store, identity, clock, calendar, clerk, switched);
    }

    /**
     * Announces a new signing key ({@code SiteKeyRotated}, signed with the current key); see
     * {@link org.archivesync.agent.identity.KeyRotation}, which builds the command.
     */
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

    /**
     * Packs the box (fondsCode, boxCode), or corrects it while it is packed and at the site. The same number under
     * another fonds is another box: packing it never touches this one.
     */
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
        Instant occurredAt = calendar.instant().truncatedTo(ChronoUnit.MILLIS);
        LocalDate latestDate = latestDate(occurredAt);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int[] redacted = {0};
        Recorded recorded = store.inTransaction(c -> {
            try (StateTables state = new StateTables(c); Outbox.Appender outbox = Outbox.appender(c)) {
                refuseFork(c);
                Events events = new Events(Outbox.head(c), signer(c, site), clerk, occurredAt, now, outbox);
                Rules rules = new Rules(state, site.siteCode(), latestDate, now);
                int index = 0;
                while (it.hasNext()) {
                    Command command = it.next();
                    SpecificRecord payload;
                    try {
                        payload = rules.apply(required(command, "command"), events.nextSequence());
                    } catch (RecordingRefusedException e) {
                        throw e.at(index);
                    }
                    events.add(payload);
                    index++;
                }
                Recorded done = events.finish();
                redacted[0] = OutboxRedaction.redactApplied(c, now.toEpochMilli());
                return done;
            }
        });
        checkpointAfterRedaction(redacted[0]);
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
     * After a state secret's earlier text left the outbox: its old page images linger in the WAL and the main file
     * until a checkpoint copies the new pages over them ({@code secure_delete} zeroes what is freed); take one now.
     */
    private void checkpointAfterRedaction(int redacted) {
        if (redacted > 0) {
            try {
                store.checkpoint();
            } catch (RuntimeException e) {
                log.warn("checkpoint after removing a state secret's text failed; the next one copies it over: {}",
                        e.toString());
            }
        }
    }

    /**
     * The key to sign with, read under the write lock: a rotation the hub has confirmed switches here, so signing and
     * switching never interleave.
     */
    private SiteIdentity signer(Connection c, SiteIdentity site) throws SQLException {
        SiteIdentity signer = KeyRotation.signingIdentity(c, site, switched.get(), clock);
        if (signer != site) {
            switched.set(signer);
        }
        return signer;
    }

    /** The boxes registered at this office (packed or sealed, at the site or handed over), each by its fonds. */
    public Set<BoxKey> boxKeys() {
        return store.read(c -> {
            try (StateTables state = new StateTables(c)) {
                return state.boxKeys();
            }
        });
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
        String clerk = clerk();
        Instant occurredAt = calendar.instant().truncatedTo(ChronoUnit.MILLIS);
        LocalDate latestDate = latestDate(occurredAt);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int[] redacted = {0};
        AgentStore.Work<ImportRecorded> work = c -> {
            try (StateTables state = new StateTables(c); Outbox.Appender outbox = Outbox.appender(c)) {
                if (!dryRun) {
                    refuseFork(c);
                }
                ChainPosition head = Outbox.head(c);
                Events events = dryRun ? null
                        : new Events(head, signer(c, site.get()), clerk, occurredAt, now, outbox);
                String siteCode = site.map(SiteIdentity::siteCode).orElse(null);
                long sequence = head.sequence();
                long packed = 0;
                List<FilesRecorded.RefusedFile> refusedBoxes = new ArrayList<>();
                Rules boxRules = new Rules(state, siteCode, latestDate, now);
                for (int i = 0; i < boxes.size(); i++) {
                    try {
                        SpecificRecord payload = boxRules.apply(required(boxes.get(i), "command"), sequence + 1);
                        sequence++;
                        packed++;
                        if (events != null) {
                            events.add(payload);
                        }
                    } catch (RecordingRefusedException e) {
                        refusedBoxes.add(new FilesRecorded.RefusedFile(i, e.reason(), e.field(),
                                Arrays.asList(e.messageArgs())));
                    }
                }
                // The file rules cache fonds and box lookups: made after the boxes, they see them.
                Rules rules = new Rules(state, siteCode, latestDate, now, true);
                long created = 0;
                long updated = 0;
                long unchanged = 0;
                List<FilesRecorded.RefusedFile> refused = new ArrayList<>();
                int index = 0;
                for (RecordFile file : files) {
                    try {
                        Rules.FileChange change = rules.recordFileIfChanged(required(file, "command"), sequence + 1);
                        if (change.payload() == null) {
                            unchanged++;
                        } else {
                            if (change.created()) {
                                created++;
                            } else {
                                updated++;
                            }
                            sequence++;
                            if (events != null) {
                                events.add(change.payload());
                            }
                        }
                    } catch (RecordingRefusedException e) {
                        refused.add(new FilesRecorded.RefusedFile(index, e.reason(), e.field(),
                                Arrays.asList(e.messageArgs())));
                    }
                    index++;
                    if (progress != null && index % 1_000 == 0) {
                        progress.accept(index);
                    }
                }
                if (progress != null) {
                    progress.accept(index);
                }
                Recorded recorded = events == null ? null : events.finish();
                if (recorded != null) {
                    redacted[0] = OutboxRedaction.redactApplied(c, now.toEpochMilli());
                }
                return new ImportRecorded(packed, refusedBoxes,
                        new FilesRecorded(dryRun, index, created, updated, unchanged, refused, recorded));
            }
        };
        ImportRecorded result = dryRun ? store.inRolledBackTransaction(work) : store.inTransaction(work);
        checkpointAfterRedaction(redacted[0]);
        FilesRecorded f = result.files();
        log.info("import {} siteCode={} boxes={} boxesRefused={} files={} created={} updated={} unchanged={} "
                        + "refused={} firstSequence={} lastSequence={}", dryRun ? "checked (dry run)" : "recorded",
                site.map(SiteIdentity::siteCode).orElse(null), result.boxesPacked(), result.refusedBoxes().size(),
                f.files(), f.created(), f.updated(), f.unchanged(), f.refused().size(),
                f.recorded() == null ? null : f.recorded().firstSequence(),
                f.recorded() == null ? null : f.recorded().lastSequence());
        return result;
    }

    /**
     * What the office holds of one file, for features that act on a file without changing it (the scan watcher).
     *
     * @return empty when no file {@code fondsCode/fileCode} was ever recorded here
     */
    public Optional<FileSummary> file(String fondsCode, String fileCode) {
        return store.read(c -> {
            try (StateTables state = new StateTables(c)) {
                return state.file(fondsCode, fileCode).map(f -> new FileSummary(fondsCode, fileCode, f.accessRegime(),
                        f.status().equals("ACTIVE")));
            }
        });
    }

    /** The recorded digital objects whose content has this SHA-256 (32 bytes), in any file; empty when none. */
    public List<FileSummary.StoredObject> digitalObjectsWithSha256(byte[] sha256) {
        return store.read(c -> {
            try (StateTables state = new StateTables(c)) {
                return state.objectsWithSha256(sha256);
            }
        });
    }

    /**
     * Refuses the whole call while this store's chain parts from the hub's: what it recorded would never be applied,
     * and recording more only widens what an operator must re-base. Read under the write lock, with the hub cursor
     * the publisher saved (also from another process).
     */
    private static void refuseFork(Connection c) throws SQLException {
        ChainFork fork = Outbox.fork(c);
        if (fork != null) {
            log.warn("recording refused, chain forked from the hub kind={} hubSequence={} localSequence={}",
                    fork.kind(), fork.hubSequence(), fork.localSequence());
            Refusal reason = switch (fork.kind()) {
                case BEHIND -> Refusal.FORK_BEHIND;
                case BESIDE -> Refusal.FORK_BESIDE;
            };
            throw new RecordingRefusedException(reason, null, -1, fork.hubSequence(), fork.localSequence());
        }
    }

    private String clerk() {
        String clerk = optionalText(recordedBy, "recordedBy", Fields.MAX_CODE);
        if (clerk == null) {
            throw new RecordingRefusedException(Refusal.REQUIRED, "recordedBy", -1);
        }
        return clerk;
    }

    private LocalDate latestDate(Instant today) {
        // One day of slack: the clock may be UTC while the office's calendar is UTC+7.
        return LocalDate.ofInstant(today, calendar.getZone()).plusDays(1);
    }

    /**
     * Builds, chains and appends the events of one transaction. The newest event is held back until the next one
     * arrives or the transaction ends, so the last event appended is the one signed even when the caller does not
     * know in advance which command will be last (an import skips unchanged and refused files).
     */
    private final class Events {
        private final SiteIdentity site;
        private final String clerk;
        private final Instant occurredAt;
        private final Instant now;
        private final Outbox.Appender outbox;
        private final long first;
        private long sequence;
        private byte[] previous;
        private UUID pendingId;
        private String pendingType;
        private byte[] pendingBody;

        /**
         * @param occurredAt the acts' date (acts clock)
         * @param now the outbox rows' {@code recorded_at} (the PC's clock: the backlog's age is measured on it)
         */
        Events(ChainPosition head, SiteIdentity site, String clerk, Instant occurredAt, Instant now,
               Outbox.Appender outbox) {
            this.site = site;
            this.clerk = clerk;
            this.occurredAt = occurredAt;
            this.now = now;
            this.outbox = outbox;
            this.first = head.sequence() + 1;
            this.sequence = head.sequence();
            this.previous = head.hash();
        }

        long nextSequence() {
            return sequence + 1;
        }

        void add(SpecificRecord payload) throws SQLException {
            flushPending(null);
            sequence++;
            UUID eventId = UUID.randomUUID();
            SiteEvent event = SiteEvent.newBuilder()
                    .setEventId(eventId)
                    .setSiteCode(site.siteCode())
                    .setSequence(sequence)
                    .setPreviousHash(new Sha256(previous))
                    .setOccurredAt(occurredAt)
                    .setRecordedBy(clerk)
                    .setAgentVersion(agentVersion)
                    .setPayload(payload)
                    .build();
            pendingId = eventId;
            pendingType = payload.getSchema().getName();
            pendingBody = AvroCodec.encode(event);
            previous = ChainHash.next(previous, WRITER_FINGERPRINT, pendingBody);
        }

        /** Appends the held-back event, signed when {@code signature} is given. */
        private void flushPending(byte[] signature) throws SQLException {
            if (pendingBody != null) {
                outbox.append(sequence, pendingId, pendingType, pendingBody, previous, signature,
                        signature == null ? null : site.keyId(), now.toEpochMilli());
                pendingBody = null;
            }
        }

        /** Appends the last event, signed; null when no event was added. */
        Recorded finish() throws SQLException {
            if (pendingBody == null) {
                return null;
            }
            flushPending(SiteKeys.sign(site.privateKey(), previous));
            return new Recorded(first, sequence, (int) (sequence - first + 1), previous, site.keyId());
        }
    }

    /** Validation and state changes of each command, inside one transaction. Validates fully before writing. */
    private static final class Rules {
        private final StateTables state;
        private final String siteCode;
        private final LocalDate latestDate;
        private final Instant now;
        // An import runs file commands only, which change neither fonds nor boxes: their lookups are asked once per
        // transaction, not once per row.
        private final boolean filesOnly;
        private final Map<String, Boolean> fondsKnown = new HashMap<>();
        private final Map<BoxKey, Optional<StateTables.BoxRow>> boxes = new HashMap<>();

        Rules(StateTables state, String siteCode, LocalDate latestDate, Instant now) {
            this(state, siteCode, latestDate, now, false);
        }

        Rules(StateTables state, String siteCode, LocalDate latestDate, Instant now, boolean filesOnly) {
            this.state = state;
            this.siteCode = siteCode;
            this.latestDate = latestDate;
            this.now = now;
            this.filesOnly = filesOnly;
        }

        SpecificRecord apply(Command command, long sequence) throws SQLException {
            if (command instanceof RegisterFonds c) {
                return registerFonds(c, sequence);
            } else if (command instanceof RegisterStorageLocation c) {
                return registerLocation(c, sequence);
            } else if (command instanceof ReportExtents c) {
                return reportExtents(c, sequence);
            } else if (command instanceof PackBox c) {
                return packBox(c, sequence);
            } else if (command instanceof SealBox c) {
                return sealBox(c, sequence);
            } else if (command instanceof RecordFile c) {
                return recordFile(c, sequence);
            } else if (command instanceof WithdrawFile c) {
                return withdrawFile(c, sequence);
            } else if (command instanceof AppraiseFile c) {
                return appraiseFile(c, sequence);
            } else if (command instanceof DigitizeFile c) {
                return digitizeFile(c, sequence);
            } else if (command instanceof SendHandover c) {
                return sendHandover(c, sequence);
            } else if (command instanceof ConfirmHandoverReceived c) {
                return confirmReceived(c, sequence);
            } else if (command instanceof RecordDestruction c) {
                return recordDestruction(c, sequence);
            } else if (command instanceof RotateKey c) {
                return rotateKey(c, sequence);
            }
            throw new IllegalArgumentException("unknown command " + command.getClass().getName());
        }

        private SiteKeyRotated rotateKey(RotateKey c, long sequence) throws SQLException {
            Optional<KeyRotation.Pending> pending = KeyRotation.pending(state.connection());
            if (pending.isPresent()) {
                throw refuse(Refusal.KEY_ROTATION_PENDING, "newKeyId", pending.get().sequence());
            }
            String derived;
            try {
                derived = SiteKeys.keyId(SiteKeys.decodePublic(required(c.newPublicKey(), "newPublicKey")));
            } catch (IllegalArgumentException e) {
                throw refuse(Refusal.KEY_ID_MISMATCH, "newPublicKey", c.newKeyId());
            }
            if (!derived.equals(c.newKeyId())) {
                throw refuse(Refusal.KEY_ID_MISMATCH, "newKeyId", c.newKeyId());
            }
            KeyRotation.recordPending(state.connection(), sequence, derived, c.newPublicKey(),
                    required(c.newKeyFile(), "newKeyFile"), now.toEpochMilli());
            return SiteKeyRotated.newBuilder().setNewKeyId(derived).setNewPublicKey(c.newPublicKey()).build();
        }

        private FondsRegistered registerFonds(RegisterFonds in, long sequence) throws SQLException {
            RegisterFonds c = new RegisterFonds(code(in.fondsCode(), "fondsCode"), text(in.name(), "name", Fields.MAX_NAME),
                    text(in.creatingBody(), "creatingBody", Fields.MAX_NAME),
                    optionalCode(in.creatingUnitCode(), "creatingUnitCode"),
                    Fields.optionalPastDate(in.startDate(), "startDate", latestDate),
                    Fields.optionalPastDate(in.endDate(), "endDate", latestDate), Boolean.TRUE.equals(in.closed()));
            Fields.ordered(c.startDate(), c.endDate(), "endDate");
            state.upsertFonds(c, sequence);
            return FondsRegistered.newBuilder().setFondsCode(c.fondsCode()).setName(c.name())
                    .setCreatingBody(c.creatingBody()).setCreatingUnitCode(c.creatingUnitCode())
                    .setStartDate(c.startDate()).setEndDate(c.endDate()).setClosed(c.closed()).build();
        }

        private StorageLocationRegistered registerLocation(RegisterStorageLocation in, long sequence) throws SQLException {
            RegisterStorageLocation c = new RegisterStorageLocation(code(in.locationCode(), "locationCode"),
                    text(in.name(), "name", Fields.MAX_NAME), optionalCode(in.parentLocationCode(), "parentLocationCode"),
                    optionalText(in.address(), "address", Fields.MAX_NAME),
                    Fields.optionalMetres(in.areaSquareMetres(), "areaSquareMetres"),
                    Fields.nonNegative(in.shelfCount(), "shelfCount"),
                    Fields.optionalMetres(in.capacityMetres(), "capacityMetres"));
            if (c.parentLocationCode() != null) {
                if (c.parentLocationCode().equals(c.locationCode())) {
                    throw refuse(Refusal.LOCATION_OWN_PARENT, "parentLocationCode");
                }
                if (!state.locationExists(c.parentLocationCode())) {
                    throw refuse(Refusal.LOCATION_UNKNOWN, "parentLocationCode", c.parentLocationCode());
                }
            }
            state.upsertLocation(c, sequence);
            return StorageLocationRegistered.newBuilder().setLocationCode(c.locationCode()).setName(c.name())
                    .setParentLocationCode(c.parentLocationCode()).setAddress(c.address())
                    .setAreaSquareMetres(c.areaSquareMetres()).setShelfCount(c.shelfCount())
                    .setCapacityMetres(c.capacityMetres()).build();
        }

        private ExtentReported reportExtents(ReportExtents in, long sequence) throws SQLException {
            ReportExtents c = new ReportExtents(code(in.fondsCode(), "fondsCode"),
                    optionalCode(in.locationCode(), "locationCode"), Fields.metres(in.sortedMetres(), "sortedMetres"),
                    Fields.optionalMetres(in.packedMetres(), "packedMetres"),
                    Fields.optionalMetres(in.sealedMetres(), "sealedMetres"),
                    Fields.nonNegative(in.packedBoxes(), "packedBoxes"),
                    Fields.nonNegative(in.sealedBoxes(), "sealedBoxes"),
                    Fields.metres(in.unsortedMetres(), "unsortedMetres"),
                    Fields.metres(in.readyToDigitizeMetres(), "readyToDigitizeMetres"),
                    Fields.pastDate(in.asOf(), "asOf", latestDate));
            // Bulk work is a part of the sorted metres: what is sealed was packed first.
            Fields.atMost(c.packedMetres(), c.sortedMetres(), "packedMetres", "sortedMetres");
            Fields.atMost(c.sealedMetres(), c.packedMetres(), "sealedMetres", "packedMetres");
            if (c.packedBoxes() != null && c.sealedBoxes() != null && c.sealedBoxes() > c.packedBoxes()) {
                throw refuse(Refusal.EXTENT_EXCEEDS, "sealedBoxes", "packedBoxes");
            }
            requireFonds(c.fondsCode(), "fondsCode");
            if (c.locationCode() != null && !state.locationExists(c.locationCode())) {
                throw refuse(Refusal.LOCATION_UNKNOWN, "locationCode", c.locationCode());
            }
            state.replaceExtents(c, sequence);
            return ExtentReported.newBuilder().setFondsCode(c.fondsCode()).setLocationCode(c.locationCode())
                    .setSortedMetres(c.sortedMetres()).setPackedMetres(c.packedMetres())
                    .setSealedMetres(c.sealedMetres()).setPackedBoxes(c.packedBoxes()).setSealedBoxes(c.sealedBoxes())
                    .setUnsortedMetres(c.unsortedMetres()).setReadyToDigitizeMetres(c.readyToDigitizeMetres())
                    .setAsOf(c.asOf()).build();
        }

        private BoxRecorded packBox(PackBox in, long sequence) throws SQLException {
            PackBox c = new PackBox(code(in.boxCode(), "boxCode"), code(in.fondsCode(), "fondsCode"),
                    optionalCode(in.locationCode(), "locationCode"), Fields.positiveMetres(in.metres(), "metres"));
            requireFonds(c.fondsCode(), "fondsCode");
            if (c.locationCode() != null && !state.locationExists(c.locationCode())) {
                throw refuse(Refusal.LOCATION_UNKNOWN, "locationCode", c.locationCode());
            }
            // The same number under another fonds is another box: this looks up this fonds' box only.
            Optional<StateTables.BoxRow> existing = state.box(new BoxKey(c.fondsCode(), c.boxCode()));
            if (existing.isPresent()) {
                requireAtSite(existing.get(), "boxCode");
                if (existing.get().state() == BoxState.SEALED) {
                    // Repacking would break the seal: the minutes describe the box as sealed.
                    throw refuse(Refusal.BOX_ALREADY_SEALED, "boxCode", name(existing.get().key()),
                            existing.get().sealNumber());
                }
            }
            StateTables.BoxRow row = new StateTables.BoxRow(c.boxCode(), c.fondsCode(), c.locationCode(), c.metres(),
                    BoxState.PACKED, null, "AT_SITE");
            state.upsertBox(row, sequence);
            return box(row);
        }

        private BoxRecorded sealBox(SealBox in, long sequence) throws SQLException {
            BoxKey key = new BoxKey(code(in.fondsCode(), "fondsCode"), code(in.boxCode(), "boxCode"));
            String seal = code(in.sealNumber(), "sealNumber");
            StateTables.BoxRow existing = state.box(key)
                    .orElseThrow(() -> refuse(Refusal.BOX_NOT_PACKED, "boxCode", name(key)));
            requireAtSite(existing, "boxCode");
            if (existing.state() == BoxState.SEALED) {
                throw refuse(Refusal.BOX_ALREADY_SEALED, "boxCode", name(key), existing.sealNumber());
            }
            StateTables.BoxRow row = new StateTables.BoxRow(existing.boxCode(), existing.fondsCode(),
                    existing.locationCode(), existing.metres(), BoxState.SEALED, seal, existing.custody());
            state.upsertBox(row, sequence);
            return box(row);
        }

        private FileRecorded recordFile(RecordFile in, long sequence) throws SQLException {
            return writeFile(checkFile(in), sequence);
        }

        /** What an import does with one file: the event to append, or null when the file is unchanged. */
        record FileChange(boolean created, FileRecorded payload) {
        }

        FileChange recordFileIfChanged(RecordFile in, long sequence) throws SQLException {
            CheckedFile file = checkFile(in, true);
            if (file.existing().isEmpty()) {
                return new FileChange(true, writeFile(file, sequence));
            }
            if (file.existing().get().status().equals("ACTIVE") && file.command().equals(file.current())) {
                return new FileChange(false, null);
            }
            return new FileChange(false, writeFile(file, sequence));
        }

        /**
         * A file command normalised and checked against the state; {@code existing} is its current row and
         * {@code current} its description when asked for (null otherwise, and when there is none).
         */
        private record CheckedFile(RecordFile command, Optional<StateTables.FileRow> existing, RecordFile current) {
        }

        private CheckedFile checkFile(RecordFile in) throws SQLException {
            return checkFile(in, false);
        }

        /** Every check of a file command; nothing is written, so a refusal leaves the transaction as it was. */
        private CheckedFile checkFile(RecordFile in, boolean withDescription) throws SQLException {
            String fondsCode = code(in.fondsCode(), "fondsCode");
            String fileCode = code(in.fileCode(), "fileCode");
            AccessRegime regime = required(in.accessRegime(), "accessRegime");
            if (regime == AccessRegime.STATE_SECRET) {
                secretGate(in);
            } else if (in.secretLevel() != null) {
                throw refuse(Refusal.SECRET_LEVEL, "secretLevel");
            }
            RetentionKind retention = required(in.retention(), "retention");
            if (retention == RetentionKind.FIXED_TERM ? in.retentionYears() == null || in.retentionYears() < 1
                    : in.retentionYears() != null) {
                throw refuse(Refusal.RETENTION_YEARS, "retentionYears");
            }
            LocalDate start = Fields.optionalPastDate(in.startDate(), "startDate", latestDate);
            LocalDate end = Fields.optionalPastDate(in.endDate(), "endDate", latestDate);
            RecordFile c = new RecordFile(fondsCode, fileCode, optionalCode(in.fileNumber(), "fileNumber"),
                    optionalCode(in.reference(), "reference"), optionalCode(in.listNumber(), "listNumber"),
                    optionalText(in.series(), "series", Fields.MAX_NAME),
                    optionalCode(in.placeUnitCode(), "placeUnitCode"), optionalCode(in.boxCode(), "boxCode"),
                    optionalText(in.title(), "title", Fields.MAX_TEXT), start,
                    Fields.precision(start, in.startPrecision(), "startDate"), end,
                    Fields.precision(end, in.endPrecision(), "endDate"),
                    Fields.nonNegative(in.sheetCount(), "sheetCount"), Fields.nonNegative(in.pageCount(), "pageCount"),
                    retention, in.retentionYears(), regime, in.secretLevel(), Fields.language(in.language(), "language"),
                    Fields.keywords(in.keywords(), "keywords"),
                    optionalText(in.physicalCondition(), "physicalCondition", Fields.MAX_TEXT),
                    optionalText(in.notes(), "notes", Fields.MAX_TEXT));
            Fields.ordered(c.startDate(), c.startPrecision(), c.endDate(), c.endPrecision(), "endDate");
            requireFonds(fondsCode, "fondsCode");
            if (c.boxCode() != null) {
                // A file's box is a box of its own fonds: the key says so, so no other fonds' box can be found here.
                BoxKey key = new BoxKey(fondsCode, c.boxCode());
                StateTables.BoxRow box = box(key).orElseThrow(() -> refuse(Refusal.BOX_UNKNOWN, "boxCode", name(key)));
                requireAtSite(box, "boxCode");
            }
            Optional<StateTables.FileRow> existing;
            RecordFile current = null;
            if (withDescription) {
                Optional<StateTables.DescribedFile> described = state.describedFile(fondsCode, fileCode);
                existing = described.map(StateTables.DescribedFile::row);
                current = described.map(StateTables.DescribedFile::description).orElse(null);
            } else {
                existing = state.file(fondsCode, fileCode);
            }
            if (existing.isPresent() && !existing.get().status().equals("ACTIVE")
                    && !existing.get().status().equals("WITHDRAWN")) {
                throw refuse(Refusal.FILE_NOT_ACTIVE, "fileCode", fondsCode + "/" + fileCode, existing.get().status());
            }
            return new CheckedFile(c, existing, current);
        }

        private FileRecorded writeFile(CheckedFile file, long sequence) throws SQLException {
            RecordFile c = file.command();
            Optional<StateTables.FileRow> existing = file.existing();
            if (c.accessRegime() == AccessRegime.STATE_SECRET && existing.isPresent()
                    && existing.get().accessRegime() != AccessRegime.STATE_SECRET) {
                // Reclassified: the state tables keep only the stub from now on; the earlier events leave the outbox
                // once the hub holds them (OutboxRedaction, at the end of this transaction and of later ones).
                state.deleteDigitalObjects(c.fondsCode(), c.fileCode());
                state.forgetSecretText(c.fondsCode(), c.fileCode());
                OutboxRedaction.schedule(state.connection(), c.fondsCode(), c.fileCode(), sequence - 1);
                log.warn("file reclassified as state secret; its earlier events are removed from the outbox once the "
                        + "hub holds them fondsCode={} fileCode={} sequence={}", c.fondsCode(), c.fileCode(), sequence);
            }
            state.upsertFile(c, sequence);
            return FileRecorded.newBuilder().setFondsCode(c.fondsCode()).setFileCode(c.fileCode())
                    .setFileNumber(c.fileNumber()).setReference(c.reference()).setListNumber(c.listNumber())
                    .setSeries(c.series()).setPlaceUnitCode(c.placeUnitCode())
                    .setBoxCode(c.boxCode()).setTitle(c.title()).setStartDate(c.startDate())
                    .setStartPrecision(c.startPrecision()).setEndDate(c.endDate()).setEndPrecision(c.endPrecision())
                    .setSheetCount(c.sheetCount()).setPageCount(c.pageCount()).setRetention(c.retention())
                    .setRetentionYears(c.retentionYears()).setAccessRegime(c.accessRegime())
                    .setSecretLevel(c.secretLevel()).setLanguage(c.language()).setKeywords(new ArrayList<>(c.keywords()))
                    .setPhysicalCondition(c.physicalCondition()).setNotes(c.notes()).build();
        }

        /**
         * Law 29/2018/QH14, Art. 5: a state secret may not be stored on a networked device, so a secret file is only
         * its stub here. Checked before anything else is read or written, so the text never reaches the store.
         */
        private static void secretGate(RecordFile in) {
            if (in.secretLevel() == null) {
                throw refuse(Refusal.SECRET_LEVEL, "secretLevel");
            }
            refuseIfPresent(in.title() != null && !in.title().isBlank(), "title");
            refuseIfPresent(in.keywords() != null && in.keywords().stream().anyMatch(k -> k != null && !k.isBlank()),
                    "keywords");
            refuseIfPresent(in.notes() != null && !in.notes().isBlank(), "notes");
            refuseIfPresent(in.physicalCondition() != null && !in.physicalCondition().isBlank(), "physicalCondition");
            refuseIfPresent(in.startDate() != null, "startDate");
            refuseIfPresent(in.endDate() != null, "endDate");
            refuseIfPresent(in.pageCount() != null, "pageCount");
            refuseIfPresent(in.language() != null && !in.language().isBlank(), "language");
        }

        private static void refuseIfPresent(boolean present, String field) {
            if (present) {
                throw refuse(Refusal.SECRET_DESCRIPTIVE_FIELD, field);
            }
        }

        private FileWithdrawn withdrawFile(WithdrawFile in, long sequence) throws SQLException {
            String fondsCode = code(in.fondsCode(), "fondsCode");
            String fileCode = code(in.fileCode(), "fileCode");
            // A secret file's withdrawal says nothing about it: the reason is left out, and the event carries "".
            boolean secret = state.file(fondsCode, fileCode).map(StateTables.FileRow::accessRegime)
                    .orElse(null) == AccessRegime.STATE_SECRET;
            String reason;
            if (secret) {
                refuseIfPresent(in.reason() != null && !in.reason().isBlank(), "reason");
                reason = "";
            } else {
                reason = text(in.reason(), "reason", Fields.MAX_TEXT);
            }
            activeFile(fondsCode, fileCode, "fileCode");
            state.setFileStatus(fondsCode, fileCode, "WITHDRAWN", null, sequence);
            return FileWithdrawn.newBuilder().setFile(ref(fondsCode, fileCode)).setReason(reason).build();
        }

        private FileAppraised appraiseFile(AppraiseFile in, long sequence) throws SQLException {
            AppraiseFile c = new AppraiseFile(code(in.fondsCode(), "fondsCode"), code(in.fileCode(), "fileCode"),
                    required(in.decision(), "decision"), optionalText(in.basis(), "basis", Fields.MAX_NAME),
                    optionalCode(in.councilDecisionRef(), "councilDecisionRef"),
                    Fields.pastDate(in.appraisedOn(), "appraisedOn", latestDate));
            StateTables.FileRow file = activeFile(c.fondsCode(), c.fileCode(), "fileCode");
            if (file.accessRegime() == AccessRegime.STATE_SECRET) {
                refuseIfPresent(c.basis() != null, "basis");
            }
            if (c.decision() == AppraisalDecision.DESTROY && file.retention() == RetentionKind.PERMANENT) {
                throw refuse(Refusal.APPRAISAL_DESTROY_PERMANENT, "decision", c.fondsCode() + "/" + c.fileCode());
            }
            state.upsertAppraisal(c, sequence);
            return FileAppraised.newBuilder().setFile(ref(c.fondsCode(), c.fileCode())).setDecision(c.decision())
                    .setBasis(c.basis()).setCouncilDecisionRef(c.councilDecisionRef()).setAppraisedOn(c.appraisedOn())
                    .build();
        }

        private FileDigitized digitizeFile(DigitizeFile in, long sequence) throws SQLException {
            String fondsCode = code(in.fondsCode(), "fondsCode");
            String fileCode = code(in.fileCode(), "fileCode");
            StateTables.FileRow file = activeFile(fondsCode, fileCode, "fileCode");
            if (file.accessRegime() == AccessRegime.STATE_SECRET) {
                throw refuse(Refusal.SECRET_DIGITAL_OBJECTS, "objects", fondsCode + "/" + fileCode);
            }
            List<DigitizeFile.ScanObject> objects = in.objects() == null ? List.of() : in.objects();
            if (objects.isEmpty()) {
                throw refuse(Refusal.REQUIRED, "objects");
            }
            List<DigitalObject> out = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            List<byte[]> hashes = new ArrayList<>();
            for (int i = 0; i < objects.size(); i++) {
                String f = "objects[" + i + "]";
                DigitizeFile.ScanObject o = required(objects.get(i), f);
                String key = text(o.objectKey(), f + ".objectKey", Fields.MAX_NAME);
                if (keys.contains(key)) {
                    throw refuse(Refusal.DUPLICATE_IN_LIST, f + ".objectKey", key);
                }
                keys.add(key);
                String hex = required(o.sha256(), f + ".sha256").strip().toLowerCase(java.util.Locale.ROOT);
                if (!hex.matches("[0-9a-f]{64}")) {
                    throw refuse(Refusal.SHA256, f + ".sha256");
                }
                if (required(o.sizeBytes(), f + ".sizeBytes") < 0) {
                    throw refuse(Refusal.NEGATIVE, f + ".sizeBytes");
                }
                byte[] sha = HexFormat.of().parseHex(hex);
                hashes.add(sha);
                out.add(DigitalObject.newBuilder().setObjectKey(key).setSha256(new Sha256(sha))
                        .setSizeBytes(o.sizeBytes()).setMediaType(code(o.mediaType(), f + ".mediaType"))
                        .setPageCount(Fields.nonNegative(o.pageCount(), f + ".pageCount"))
                        .setResolutionDpi(Fields.nonNegative(o.resolutionDpi(), f + ".resolutionDpi")).build());
            }
            for (int i = 0; i < out.size(); i++) {
                DigitalObject d = out.get(i);
                state.upsertDigitalObject(fondsCode, fileCode, new DigitizeFile.ScanObject(d.getObjectKey(), null,
                        d.getSizeBytes(), d.getMediaType(), d.getPageCount(), d.getResolutionDpi()), hashes.get(i), sequence);
            }
            return FileDigitized.newBuilder().setFile(ref(fondsCode, fileCode)).setObjects(out).build();
        }

        private HandoverRecorded sendHandover(SendHandover in, long sequence) throws SQLException {
            SendHandover c = new SendHandover(required(in.handoverId(), "handoverId"),
                    required(in.receiverKind(), "receiverKind"), optionalCode(in.receivingUnitCode(), "receivingUnitCode"),
                    optionalCode(in.receivingSiteCode(), "receivingSiteCode"), code(in.minutesNumber(), "minutesNumber"),
                    Fields.boxes(in.boxes(), "boxes"), Fields.files(in.files(), "files"),
                    Fields.metres(in.metres(), "metres"), Fields.pastDate(in.handedOverOn(), "handedOverOn", latestDate));
            if (c.receiverKind() == ReceiverKind.SUCCESSOR_UNIT && c.receivingUnitCode() == null) {
                throw refuse(Refusal.REQUIRED, "receivingUnitCode");
            }
            if (siteCode.equals(c.receivingSiteCode())) {
                throw refuse(Refusal.HANDOVER_OWN_SITE, "receivingSiteCode");
            }
            if (c.boxes().isEmpty() && c.files().isEmpty()) {
                throw refuse(Refusal.HANDOVER_EMPTY, "boxes");
            }
            if (state.handoverExists(c.handoverId().toString(), "SENT")) {
                throw refuse(Refusal.HANDOVER_DUPLICATE, "handoverId", c.handoverId());
            }
            List<StateTables.BoxRow> boxes = new ArrayList<>();
            for (int i = 0; i < c.boxes().size(); i++) {
                String f = "boxes[" + i + "]";
                BoxKey key = c.boxes().get(i);
                StateTables.BoxRow box = state.box(key).orElseThrow(() -> refuse(Refusal.BOX_UNKNOWN, f, name(key)));
                requireAtSite(box, f);
                if (box.state() != BoxState.SEALED) {
                    throw refuse(Refusal.HANDOVER_BOX_NOT_SEALED, f, name(key));
                }
                boxes.add(box);
            }
            for (int i = 0; i < c.files().size(); i++) {
                activeFile(c.files().get(i).fondsCode(), c.files().get(i).fileCode(), "files[" + i + "]");
            }
            state.insertSentHandover(c, sequence);
            for (StateTables.BoxRow box : boxes) {
                state.upsertBox(new StateTables.BoxRow(box.boxCode(), box.fondsCode(), box.locationCode(), box.metres(),
                        box.state(), box.sealNumber(), "HANDED_OVER"), sequence);
                state.filesInBoxHandedOver(box.key(), sequence);
            }
            for (FileKey f : c.files()) {
                state.setFileStatus(f.fondsCode(), f.fileCode(), "HANDED_OVER", null, sequence);
            }
            return HandoverRecorded.newBuilder().setHandoverId(c.handoverId()).setReceiverKind(c.receiverKind())
                    .setReceivingUnitCode(c.receivingUnitCode()).setReceivingSiteCode(c.receivingSiteCode())
                    .setMinutesNumber(c.minutesNumber()).setBoxes(boxRefs(c.boxes()))
                    .setFiles(refs(c.files())).setMetres(c.metres()).setHandedOverOn(c.handedOverOn()).build();
        }

        private HandoverReceived confirmReceived(ConfirmHandoverReceived in, long sequence) throws SQLException {
            ConfirmHandoverReceived c = new ConfirmHandoverReceived(required(in.handoverId(), "handoverId"),
                    code(in.senderSiteCode(), "senderSiteCode"), code(in.minutesNumber(), "minutesNumber"),
                    Fields.boxes(in.receivedBoxes(), "receivedBoxes"), Fields.files(in.receivedFiles(), "receivedFiles"),
                    Fields.metres(in.receivedMetres(), "receivedMetres"),
                    Fields.pastDate(in.receivedOn(), "receivedOn", latestDate),
                    optionalText(in.discrepancies(), "discrepancies", Fields.MAX_TEXT));
            if (c.senderSiteCode().equals(siteCode)) {
                throw refuse(Refusal.HANDOVER_OWN_SITE, "senderSiteCode");
            }
            if (c.receivedBoxes().isEmpty() && c.receivedFiles().isEmpty() && c.discrepancies() == null) {
                // Receiving nothing is only meaningful with the minutes' note of what is missing.
                throw refuse(Refusal.HANDOVER_EMPTY, "receivedBoxes");
            }
            if (state.handoverExists(c.handoverId().toString(), "RECEIVED")) {
                throw refuse(Refusal.HANDOVER_ALREADY_RECEIVED, "handoverId", c.handoverId());
            }
            if (c.discrepancies() != null) {
                // The minutes' note may name what is missing: not for a file this office knows as a state secret.
                // Files it never recorded are the hub's to check (it knows every office's classification).
                for (FileKey k : c.receivedFiles()) {
                    if (state.file(k.fondsCode(), k.fileCode()).map(StateTables.FileRow::accessRegime)
                            .orElse(null) == AccessRegime.STATE_SECRET) {
                        throw refuse(Refusal.SECRET_DESCRIPTIVE_FIELD, "discrepancies");
                    }
                }
            }
            state.insertReceivedHandover(c, sequence);
            return HandoverReceived.newBuilder().setHandoverId(c.handoverId()).setSenderSiteCode(c.senderSiteCode())
                    .setMinutesNumber(c.minutesNumber()).setReceivedBoxes(boxRefs(c.receivedBoxes()))
                    .setReceivedFiles(refs(c.receivedFiles())).setReceivedMetres(c.receivedMetres())
                    .setReceivedOn(c.receivedOn()).setDiscrepancies(c.discrepancies()).build();
        }

        private DestructionRecorded recordDestruction(RecordDestruction in, long sequence) throws SQLException {
            RecordDestruction c = new RecordDestruction(required(in.destructionId(), "destructionId"),
                    code(in.decisionRef(), "decisionRef"), text(in.firstApprover(), "firstApprover", Fields.MAX_CODE),
                    text(in.secondApprover(), "secondApprover", Fields.MAX_CODE), code(in.minutesNumber(), "minutesNumber"),
                    Fields.files(in.files(), "files"), Fields.metres(in.metres(), "metres"),
                    Fields.pastDate(in.destroyedOn(), "destroyedOn", latestDate));
            if (Fields.person(c.firstApprover()).equals(Fields.person(c.secondApprover()))) {
                throw refuse(Refusal.DESTRUCTION_SAME_APPROVER, "secondApprover");
            }
            if (c.files().isEmpty()) {
                throw refuse(Refusal.DESTRUCTION_EMPTY, "files");
            }
            if (state.destructionExists(c.destructionId().toString())) {
                throw refuse(Refusal.DESTRUCTION_DUPLICATE, "destructionId", c.destructionId());
            }
            for (int i = 0; i < c.files().size(); i++) {
                String f = "files[" + i + "]";
                FileKey k = c.files().get(i);
                StateTables.FileRow file = activeFile(k.fondsCode(), k.fileCode(), f);
                if (file.retention() == RetentionKind.PERMANENT) {
                    throw refuse(Refusal.DESTRUCTION_PERMANENT_RETENTION, f, k.fondsCode() + "/" + k.fileCode());
                }
                if (file.retention() == RetentionKind.LEGACY_LONG_TERM) {
                    // "Lâu dài" is not a number of years: the file must be re-appraised and its retention recorded
                    // anew (as a fixed term) before it can be destroyed.
                    throw refuse(Refusal.DESTRUCTION_LEGACY_LONG_TERM, f, k.fondsCode() + "/" + k.fileCode());
                }
                if (state.appraisal(k.fondsCode(), k.fileCode()).orElse(null) != AppraisalDecision.DESTROY) {
                    throw refuse(Refusal.DESTRUCTION_NOT_APPRAISED_DESTROY, f, k.fondsCode() + "/" + k.fileCode());
                }
            }
            state.insertDestruction(c, sequence);
            for (FileKey k : c.files()) {
                state.setFileStatus(k.fondsCode(), k.fileCode(), "DESTROYED", c.destructionId().toString(), sequence);
            }
            return DestructionRecorded.newBuilder().setDestructionId(c.destructionId()).setDecisionRef(c.decisionRef())
                    .setFirstApprover(c.firstApprover()).setSecondApprover(c.secondApprover())
                    .setMinutesNumber(c.minutesNumber()).setFiles(refs(c.files())).setMetres(c.metres())
                    .setDestroyedOn(c.destroyedOn()).build();
        }

        private void requireFonds(String fondsCode, String field) throws SQLException {
            Boolean known = filesOnly ? fondsKnown.get(fondsCode) : null;
            if (known == null) {
                known = state.fondsExists(fondsCode);
                if (filesOnly) {
                    fondsKnown.put(fondsCode, known);
                }
            }
            if (!known) {
                throw refuse(Refusal.FONDS_UNKNOWN, field, fondsCode);
            }
        }

        private Optional<StateTables.BoxRow> box(BoxKey key) throws SQLException {
            if (!filesOnly) {
                return state.box(key);
            }
            Optional<StateTables.BoxRow> box = boxes.get(key);
            if (box == null) {
                box = state.box(key);
                boxes.put(key, box);
            }
            return box;
        }

        /** A box as messages name it: {@code FONDS/BOX}. */
        private static String name(BoxKey key) {
            return key.fondsCode() + "/" + key.boxCode();
        }

        private StateTables.FileRow activeFile(String fondsCode, String fileCode, String field) throws SQLException {
            StateTables.FileRow file = state.file(fondsCode, fileCode)
                    .orElseThrow(() -> refuse(Refusal.FILE_UNKNOWN, field, fondsCode + "/" + fileCode));
            if (!file.status().equals("ACTIVE")) {
                throw refuse(Refusal.FILE_NOT_ACTIVE, field, fondsCode + "/" + fileCode, file.status());
            }
            return file;
        }

        private static void requireAtSite(StateTables.BoxRow box, String field) {
            if (!box.custody().equals("AT_SITE")) {
                throw refuse(Refusal.BOX_HANDED_OVER, field, name(box.key()));
            }
        }

        private static BoxRecorded box(StateTables.BoxRow b) {
            return BoxRecorded.newBuilder().setBoxCode(b.boxCode()).setFondsCode(b.fondsCode())
                    .setLocationCode(b.locationCode()).setMetres(b.metres()).setState(b.state())
                    .setSealNumber(b.sealNumber()).build();
        }

        private static FileRef ref(String fondsCode, String fileCode) {
            return FileRef.newBuilder().setFondsCode(fondsCode).setFileCode(fileCode).build();
        }

        private static List<BoxRef> boxRefs(List<BoxKey> boxes) {
            List<BoxRef> out = new ArrayList<>(boxes.size());
            for (BoxKey b : boxes) {
                out.add(BoxRef.newBuilder().setFondsCode(b.fondsCode()).setBoxCode(b.boxCode()).build());
            }
            return out;
        }

        private static List<FileRef> refs(List<FileKey> files) {
            List<FileRef> out = new ArrayList<>(files.size());
            for (FileKey f : files) {
                out.add(ref(f.fondsCode(), f.fileCode()));
            }
            return out;
        }
    }
}
