package org.archivesync.hub.catalogue;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxRef;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.DestructionRecorded;
import org.archivesync.avro.DigitalObject;
import org.archivesync.avro.ExtentReported;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FileRef;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.SiteKeyRotated;
import org.archivesync.avro.FondsRegistered;
import org.archivesync.avro.HandoverReceived;
import org.archivesync.avro.HandoverRecorded;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SiteEvent;
import org.archivesync.avro.StorageLocationRegistered;
import org.archivesync.hub.alerts.AlertKind;
import org.archivesync.hub.alerts.Alerts;
import org.archivesync.hub.security.Audit;
import org.archivesync.hub.sites.Site;
import org.archivesync.hub.sites.SiteDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcOperations;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The provincial catalogue: applies verified site events to the projections (fonds, locations, extents, boxes,
 * files, appraisals, digital objects, handovers, destructions with their tombstones). Other packages read them
 * through {@link CatalogueReader} and follow them through its events ({@link EventsApplied},
 * {@link FilesBecameSecret}, {@link ProjectionsCleared}), published in the caller's transaction.
 *
 * <p>{@link #apply} runs inside the caller's transaction and never lets a constraint of the schema fail it: an event
 * that breaks a catalogue rule is recorded as applied (it keeps its place in the site's history), changes nothing and
 * raises an alert; an event of a state-secret file that carries more than the stub stops its site (a
 * {@link SiteStop}) without being applied or kept. A destruction applies to all its files or to none: a file not
 * appraised DESTROY, permanent, unknown or already gone refuses it, with an alert. Nothing is ever deleted: a
 * destroyed file keeps its row and gains a tombstone.
 *
 * <p>Arguments are never null; results are never null.
 */
public final class Catalogue {

    // Everything built from the events; TRUNCATE in one statement, as the tables reference each other. What other
    // packages build from these (the search projection) they empty on ProjectionsCleared.
    private static final String CLEAR_PROJECTIONS = """
            TRUNCATE fonds, storage_locations, extents, boxes, files, appraisals, digital_objects, handovers,
                handover_items, destructions, tombstones, fonds_holders, refused_events""";

    /** A reassignment's reason is a sentence, not a document. */
    public static final int MAX_REASSIGNMENT_REASON = 500;

    private final JdbcClient jdbc;
    private final JdbcOperations connection;
    private final Projections projections;
    private final Holdings holdings;
    private final SecretRedactions secrets;
    private final Alerts alerts;
    private final SiteDirectory sites;
    private final Audit audit;
    private final ApplicationEventPublisher publisher;
    /** In a rebuild, the last operator's reassignment replayed so far (ids grow with time). */
    private long replayedReassignment;

    Catalogue(JdbcClient jdbc, JdbcOperations connection, Alerts alerts, SiteDirectory sites, Audit audit,
              ApplicationEventPublisher publisher) {
        this.audit = audit;
        this.publisher = publisher;
        this.jdbc = jdbc;
        this.connection = connection;
        this.projections = new Projections(jdbc, connection);
        this.holdings = new Holdings(jdbc);
        this.secrets = new SecretRedactions(jdbc);
        this.alerts = alerts;
        this.sites = sites;
    }

    /**
     * Reassigns a fonds to another office, in the caller's transaction (an operator's decision, e.g. after offices
     * merged): from now on that office holds it and the files its former holder held; files handed over stay with
     * their receivers. Recorded in {@code fonds_reassignments}, so a rebuild replays it at its place in the log, and in
     * the audit log (action {@code REASSIGN-FONDS}), both in the caller's transaction.
     *
     * @param reason why, as the operator wrote it (1 to {@link #MAX_REASSIGNMENT_REASON} characters once stripped)
     * @return the keys of the files that moved (never null)
     * @throws ReassignmentRefusedException for an unknown fonds or office, the holder itself, or no reason
     */
    public List<String> reassignFonds(String fondsCode, String toSite, String reason, String operator,
                                      String remoteAddress, Instant now) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASSIGNMENT_REASON) {
            throw new ReassignmentRefusedException(ReassignmentRefusedException.Reason.NO_REASON, fondsCode);
        }
        if (toSite == null || sites.site(toSite).isEmpty()) {
            throw new ReassignmentRefusedException(ReassignmentRefusedException.Reason.UNKNOWN_SITE, fondsCode);
        }
        Holdings.FondsHolder holder = holdings.fondsHolders(List.of(fondsCode)).get(fondsCode);
        if (holder == null) {
            throw new ReassignmentRefusedException(ReassignmentRefusedException.Reason.UNKNOWN_FONDS, fondsCode);
        }
        if (holder.siteCode().equals(toSite)) {
            throw new ReassignmentRefusedException(ReassignmentRefusedException.Reason.ALREADY_HOLDER, fondsCode);
        }
        List<String> moved = holdings.reassign(fondsCode, holder.siteCode(), toSite, why, operator,
                now.truncatedTo(ChronoUnit.MICROS));
        audit.record(operator, "REASSIGN-FONDS", fondsCode + " " + holder.siteCode() + " -> " + toSite + ": " + why,
                "OK files=" + moved.size(), remoteAddress);
        return moved;
    }

    /** The office holding a fonds, if any office does. */
    public Optional<String> fondsHolder(String fondsCode) {
        return Optional.ofNullable(holdings.fondsHolders(List.of(fondsCode)).get(fondsCode))
                .map(Holdings.FondsHolder::siteCode);
    }

    /** How many events of a site were refused, and the newest of them. */
    public record RefusalSummary(long count, Refusal newest) {
    }

    /** Per site that has refused events: their count and the newest (sites without any are absent). */
    public Map<String, RefusalSummary> refusalSummaries() {
        return holdings.refusalSummaries();
    }

    /** A site's refused events, newest first (at most {@code limit}). */
    public List<Refusal> refusals(String siteCode, int limit) {
        return holdings.refusals(siteCode, limit);
    }

    /**
     * Why this event must not be kept at all, or empty: a FileRecorded of a state-secret file that carries a title,
     * keywords, notes or a physical condition. Looks at the event alone, so it can be asked before the event is
     * verified or parked.
     */
    public static Optional<String> secretContent(SiteEvent event) {
        return event.getPayload() instanceof FileRecorded f ? Optional.ofNullable(CatalogueRules.secretContent(f))
                : Optional.empty();
    }

    /**
     * Applies verified events, in the order given (each site's in sequence order), in the caller's transaction.
     *
     * @param now the time written as {@code updated_at} and on alerts
     */
    public AppliedChanges apply(List<AcceptedEvent> events, Instant now) {
        return apply(events, now, false, LentConnection.NOT_LENT);
    }

    /**
     * As {@link #apply(List, Instant)} on a connection another thread may still be using: waits for it
     * ({@link LentConnection#awaitReturn}) once, before the first statement.
     *
     * @param connection the caller's lent connection (never null)
     */
    public AppliedChanges apply(List<AcceptedEvent> events, Instant now, LentConnection connection) {
        return apply(events, now, false, connection);
    }

    /**
     * Applies stored events again, for a rebuild after {@link #clearProjections}: as {@link #apply}, without raising
     * alerts (they were raised when the events were first applied). Given the events in the order they were first
     * applied, each at the time it was first applied, it writes the same rows.
     *
     * @return how many events were applied
     */
    public int replay(List<AcceptedEvent> events, Instant now, long firstAppliedOrder) {
        // The operators' reassignments made before the first of these events was first applied take effect first.
        replayedReassignment = holdings.replayReassignments(replayedReassignment, firstAppliedOrder);
        return apply(events, now, true, LentConnection.NOT_LENT).applied();
    }

    /**
     * A catalogue of its own for a replay that runs beside this one's (the as-of copies of
     * {@code org.archivesync.hub.asof}, built in a schema of their own): the same rules and statements, and its own
     * place among the operators' reassignments, which two replays must not share.
     */
    public Catalogue separateReplay() {
        return new Catalogue(jdbc, connection, alerts, sites, audit, publisher);
    }

    /** Ends a rebuild's replay: the reassignments made after the last event of the log take effect. */
    public void finishReplay() {
        replayedReassignment = holdings.replayReassignments(replayedReassignment, Long.MAX_VALUE);
    }

    /**
     * Where the operators' reassignments fall in the event log: each the highest {@code applied_order} applied before
     * it, ascending. A rebuild never replays a chunk of events that spans one.
     */
    public List<Long> reassignmentBoundaries() {
        return holdings.reassignmentBoundaries();
    }

    /**
     * Empties every projection for a rebuild, in the caller's transaction: fonds, locations, extents, boxes, files,
     * appraisals, scans, handovers, destructions and tombstones; then publishes {@link ProjectionsCleared}, on which
     * the search projection is emptied and its cursors go back to the start, so the indexer builds it again.
     */
    public void clearProjections() {
        jdbc.sql(CLEAR_PROJECTIONS).update();
        replayedReassignment = 0;
        publisher.publishEvent(new ProjectionsCleared());
    }

    private AppliedChanges apply(List<AcceptedEvent> events, Instant now, boolean replay, LentConnection lent) {
        Run run = new Run(now, replay, lent);
        Set<String> sitesSeen = new LinkedHashSet<>();
        for (AcceptedEvent e : events) {
            if (run.stops.containsKey(e.siteCode())) {
                continue;
            }
            sitesSeen.add(e.siteCode());
            run.apply(e);
        }
        run.flushFiles();
        SecretText secretText = run.secretText();
        if (!sitesSeen.isEmpty()) {
            run.db();
            publisher.publishEvent(new EventsApplied(Collections.unmodifiableSet(sitesSeen)));
        }
        return new AppliedChanges(run.applied, Map.copyOf(run.stops), run.changed, run.progressSites,
                List.copyOf(run.refusals), secretText);
    }

    /** One call of {@link #apply}: the buffered file descriptions and what happened so far. */
    private final class Run {

        private final Instant now;
        private final boolean replay;
        private final LentConnection lent;
        private boolean databaseReady;
        private final Map<String, Projections.FileRow> files = new LinkedHashMap<>();
        /** Fonds holders read or claimed in this run. */
        private final Map<String, Holdings.FondsHolder> holders = new HashMap<>();
        private final List<Refusal> refusals = new ArrayList<>();
        private final Map<String, SiteStop> stops = new HashMap<>();
        private final Set<String> changed = new LinkedHashSet<>();
        private final Set<String> progressSites = new LinkedHashSet<>();
        /** Files recorded as state secrets in this run, and whether each was described (not secret) before. */
        private final Map<String, Boolean> secretRecorded = new LinkedHashMap<>();
        private final Set<String> reclassified = new LinkedHashSet<>();
        private final List<SecretText.StoredEvent> secretTextEvents = new ArrayList<>();
        private int applied;

        Run(Instant now, boolean replay, LentConnection lent) {
            this.now = now;
            this.replay = replay;
            this.lent = lent;
        }

        /** The projections, once the caller's connection is free (the first call waits for it). */
        Projections db() {
            if (!databaseReady) {
                lent.awaitReturn();
                databaseReady = true;
            }
            return projections;
        }

        void apply(AcceptedEvent e) {
            String site = e.siteCode();
            long seq = e.sequence();
            Object payload = e.event().getPayload();
            if (payload instanceof FileRecorded f) {
                fileRecorded(site, seq, f);
            } else if (payload instanceof FondsRegistered f) {
                fonds(site, seq, f);
            } else if (payload instanceof StorageLocationRegistered l) {
                location(site, seq, l);
            } else if (payload instanceof ExtentReported x) {
                extent(site, seq, x);
            } else if (payload instanceof BoxRecorded b) {
                box(site, seq, b);
            } else if (payload instanceof FileAppraised a) {
                appraised(site, seq, a);
            } else if (payload instanceof FileDigitized d) {
                digitized(site, seq, d);
            } else if (payload instanceof HandoverRecorded h) {
                handoverRecorded(site, seq, h);
            } else if (payload instanceof HandoverReceived h) {
                handoverReceived(site, seq, h);
            } else if (payload instanceof DestructionRecorded d) {
                destruction(site, seq, d);
            } else if (payload instanceof FileWithdrawn w) {
                withdrawn(site, seq, w);
            } else if (!(payload instanceof SiteKeyRotated)) {
                // A SiteKeyRotated changes no record: ingest enrolls the announced key (SiteDirectory.keyRotated).
                reject(AlertKind.EVENT_REJECTED, site, seq,
                        "payload " + payload.getClass().getSimpleName() + " is not known to the catalogue");
            }
            if (!stops.containsKey(site)) {
                applied++;
                progressSites.add(site);
            }
        }

        /** Writes the buffered file descriptions: before any event that reads or updates files, and at the end. */
        void flushFiles() {
            if (files.isEmpty()) {
                return;
            }
            // Encoded before the wait: building the rows overlaps whatever the connection is still doing. Refusals
            // are rare; only then is the permitted part encoded again.
            Projections.PreparedFiles prepared = projections.prepareFiles(files.values(), now);
            List<Projections.FileRow> rows = permitted(files.values());
            boolean allPermitted = rows.size() == files.size();
            files.clear();
            if (rows.isEmpty()) {
                secretRecorded.clear();
                return;
            }
            Set<String> becomingSecret = becomingSecret(rows);
            db().writeFiles(allPermitted ? prepared : projections.prepareFiles(rows, now));
            if (!becomingSecret.isEmpty()) {
                secretTextEvents.addAll(secrets.reclassified(becomingSecret));
                reclassified.addAll(becomingSecret);
                publisher.publishEvent(new FilesBecameSecret(Collections.unmodifiableSet(becomingSecret)));
            }
        }

        /**
         * Of the permitted rows about to be written, the state-secret files that were not secrets before: described
         * earlier in this run, or held by the catalogue with another access regime. Not in a rebuild: the event log
         * was redacted when they first became secrets.
         */
        private Set<String> becomingSecret(List<Projections.FileRow> rows) {
            Map<String, Boolean> recorded = new LinkedHashMap<>(secretRecorded);
            secretRecorded.clear();
            if (replay || recorded.isEmpty()) {
                return Set.of();
            }
            Set<String> becoming = new LinkedHashSet<>();
            List<String> toLookUp = new ArrayList<>();
            for (Projections.FileRow r : rows) {
                Boolean describedBefore = recorded.get(r.key());
                if (describedBefore == null || !AccessRegime.STATE_SECRET.name().equals(r.accessRegime())) {
                    continue;
                }
                if (describedBefore) {
                    becoming.add(r.key());
                } else {
                    toLookUp.add(r.key());
                }
            }
            if (!toLookUp.isEmpty()) {
                db();
                becoming.addAll(secrets.describedFiles(toLookUp));
            }
            return becoming;
        }

        /** What of secret files' text this run let go of, for the event log and the outbound topics. */
        SecretText secretText() {
            return replay || reclassified.isEmpty() && secretTextEvents.isEmpty() ? SecretText.NONE
                    : new SecretText(Set.copyOf(reclassified), List.copyOf(secretTextEvents));
        }

        /**
         * The buffered file descriptions their offices may write; the others are refused. Files of a fonds the office
         * holds and no handover ever touched need no look-up of their own (the bulk of an import); the rest are read
         * in one statement.
         */
        private List<Projections.FileRow> permitted(Collection<Projections.FileRow> rows) {
            Map<String, String> claims = new LinkedHashMap<>();
            for (Projections.FileRow r : rows) {
                claims.putIfAbsent(r.fondsCode(), r.siteCode());
            }
            loadHolders(claims);
            List<FileRef> toCheck = new ArrayList<>();
            for (Projections.FileRow r : rows) {
                Holdings.FondsHolder h = holders.get(r.fondsCode());
                if (!h.siteCode().equals(r.siteCode()) || h.handedOver()) {
                    toCheck.add(new FileRef(r.fondsCode(), r.fileCode()));
                }
            }
            if (toCheck.isEmpty()) {
                return List.copyOf(rows);
            }
            db();
            Map<String, Holdings.FileHolding> held = holdings.files(toCheck);
            List<Projections.FileRow> permitted = new ArrayList<>(rows.size());
            for (Projections.FileRow r : rows) {
                Holdings.FondsHolder h = holders.get(r.fondsCode());
                Refusal refusal = OwnershipRules.file(r.siteCode(), r.sequence(), r.fondsCode(), r.key(),
                        held.get(r.key()), h.siteCode(), null);
                if (refusal == null) {
                    permitted.add(r);
                } else {
                    refuse(refusal);
                }
            }
            return permitted;
        }

        /** Reads the holders of these fonds not read yet in this run; claims those nobody holds for the given site. */
        private void loadHolders(Map<String, String> claims) {
            List<String> unknown = claims.keySet().stream().filter(f -> !holders.containsKey(f)).toList();
            if (unknown.isEmpty()) {
                return;
            }
            db();
            holders.putAll(holdings.fondsHolders(unknown));
            Map<String, String> unclaimed = new LinkedHashMap<>();
            for (String f : unknown) {
                if (!holders.containsKey(f)) {
                    unclaimed.put(f, claims.get(f));
                }
            }
            if (!unclaimed.isEmpty()) {
                holdings.claim(unclaimed, now);
                holders.putAll(holdings.fondsHolders(unclaimed.keySet()));
            }
        }

        /** The holder of a fonds, claimed for {@code site} when nobody holds it. */
        private String holder(String fonds, String site) {
            loadHolders(Map.of(fonds, site));
            return holders.get(fonds).siteCode();
        }

        private void refuse(Refusal r) {
            refusals.add(r);
            db();
            holdings.refuse(r, now);
            if (!replay) {
                alerts.raise(AlertKind.RECORD_NOT_HELD, r.siteCode(), r.sequence(), r.detail(), now);
            }
        }

        private void fileRecorded(String site, long seq, FileRecorded f) {
            String secret = CatalogueRules.secretContent(f);
            if (secret != null) {
                stops.put(site, new SiteStop(site, seq, secret));
                return;
            }
            String key = f.getFondsCode() + "/" + f.getFileCode();
            String invalid = CatalogueRules.invalidFile(f);
            if (invalid != null) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "file " + key + ": " + invalid);
                return;
            }
            boolean secretFile = f.getAccessRegime() == AccessRegime.STATE_SECRET;
            Projections.FileRow buffered = files.get(key);
            if (secretFile) {
                // Described in this run before it became a secret: the description is in the event log already.
                boolean describedBefore = buffered != null
                        && !AccessRegime.STATE_SECRET.name().equals(buffered.accessRegime());
                secretRecorded.merge(key, describedBefore, Boolean::logicalOr);
            } else if (secretRecorded.containsKey(key)) {
                secretRecorded.remove(key);
            }
            boolean fixedTerm = f.getRetention() == RetentionKind.FIXED_TERM;
            // A legacy retention ("Lâu dài", "Tạm thời") has no number of years: kept as written, never guessed.
            DatePrecision startPrecision = CatalogueRules.precision(f.getStartPrecision());
            DatePrecision endPrecision = CatalogueRules.precision(f.getEndPrecision());
            files.put(key, new Projections.FileRow(f.getFondsCode(), f.getFileCode(), site,
                    CatalogueRules.text(f.getBoxCode()), CatalogueRules.text(f.getTitle()),
                    RecordDate.firstDay(f.getStartDate(), startPrecision),
                    RecordDate.firstDay(f.getEndDate(), endPrecision), f.getSheetCount(),
                    f.getPageCount(), f.getRetention().name(), fixedTerm ? f.getRetentionYears() : null,
                    f.getAccessRegime().name(), secretFile ? f.getSecretLevel().name() : null,
                    CatalogueRules.text(f.getLanguage()), CatalogueRules.keywords(f.getKeywords()),
                    CatalogueRules.text(f.getPhysicalCondition()), CatalogueRules.text(f.getNotes()), seq,
                    CatalogueRules.text(f.getFileNumber()), CatalogueRules.text(f.getReference()),
                    CatalogueRules.text(f.getListNumber()), CatalogueRules.text(f.getSeries()),
                    CatalogueRules.text(f.getPlaceUnitCode()), startPrecision.name(), endPrecision.name()));
            changed.add(key);
        }

        private void fonds(String site, long seq, FondsRegistered f) {
            if (CatalogueRules.text(f.getFondsCode()) == null || CatalogueRules.text(f.getName()) == null
                    || CatalogueRules.text(f.getCreatingBody()) == null) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "fonds " + f.getFondsCode() + " needs a code, a name and a creating body");
                return;
            }
            flushFiles();
            String fonds = f.getFondsCode();
            Refusal refusal = OwnershipRules.fonds(site, seq, fonds, holder(fonds, site), "fonds " + fonds);
            if (refusal != null) {
                refuse(refusal);
                return;
            }
            db().upsertFonds(site, seq, f, now);
        }

        private void location(String site, long seq, StorageLocationRegistered l) {
            if (CatalogueRules.text(l.getLocationCode()) == null || CatalogueRules.text(l.getName()) == null
                    || !CatalogueRules.optionalMetres(l.getAreaSquareMetres())
                    || !CatalogueRules.optionalMetres(l.getCapacityMetres()) || CatalogueRules.negative(l.getShelfCount())) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "storage location " + l.getLocationCode()
                        + " needs a code and a name, and no negative or oversized area, capacity or shelf count");
                return;
            }
            db().upsertLocation(site, seq, l, now);
        }

        private void extent(String site, long seq, ExtentReported x) {
            if (!CatalogueRules.metres(x.getSortedMetres()) || !CatalogueRules.metres(x.getUnsortedMetres())
                    || !CatalogueRules.metres(x.getReadyToDigitizeMetres())
                    || !CatalogueRules.optionalMetres(x.getPackedMetres())
                    || !CatalogueRules.optionalMetres(x.getSealedMetres())
                    || CatalogueRules.negative(x.getPackedBoxes()) || CatalogueRules.negative(x.getSealedBoxes())) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "extent of fonds " + x.getFondsCode() + " has metres out of range");
                return;
            }
            String bulk = CatalogueRules.bulkWork(x.getSortedMetres(), x.getPackedMetres(), x.getSealedMetres(),
                    x.getPackedBoxes(), x.getSealedBoxes());
            if (bulk != null) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "extent of fonds " + x.getFondsCode() + ": " + bulk);
                return;
            }
            String fonds = x.getFondsCode();
            Refusal refusal = OwnershipRules.fonds(site, seq, fonds, holder(fonds, site), "extent of fonds " + fonds);
            if (refusal != null) {
                refuse(refusal);
                return;
            }
            // The location is soft, like a box's: totals under a code the site never registered are kept as sent, and
            // the site's progress page shows that location as not registered.
            db().upsertExtent(site, seq, x, now);
        }

        private void box(String site, long seq, BoxRecorded b) {
            if (!CatalogueRules.metres(b.getMetres())) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "box " + b.getBoxCode() + " has metres out of range");
                return;
            }
            if (b.getState() == BoxState.SEALED && CatalogueRules.text(b.getSealNumber()) == null) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "box " + b.getBoxCode() + " is sealed without a seal number");
                return;
            }
            String fonds = CatalogueRules.text(b.getFondsCode());
            String number = CatalogueRules.text(b.getBoxCode());
            if (fonds == null || number == null) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "a box needs its fonds and its number");
                return;
            }
            // A box is (fonds, number): the same number in another fonds of the office is another box.
            String record = "box " + boxKey(fonds, number);
            Refusal refusal = OwnershipRules.fonds(site, seq, fonds, holder(fonds, site), record);
            if (refusal == null) {
                refusal = OwnershipRules.box(site, seq, boxKey(fonds, number),
                        holdings.box(fonds, number).orElse(null), null);
            }
            if (refusal != null) {
                refuse(refusal);
                return;
            }
            db().upsertBox(site, seq, b, now);
        }

        private void appraised(String site, long seq, FileAppraised a) {
            flushFiles();
            if (!fileHeld(site, seq, a.getFile(), "appraisal")) {
                return;
            }
            String basis = a.getBasis();
            if (CatalogueRules.text(basis) != null && secretFile(a.getFile())) {
                basis = null;
                secretTextEvents.add(new SecretText.StoredEvent(site, seq));
            }
            db().upsertAppraisal(site, seq, a.getFile(), a.getDecision().name(), basis,
                    a.getCouncilDecisionRef(), a.getAppraisedOn(), now);
            changed.add(key(a.getFile()));
        }

        private void digitized(String site, long seq, FileDigitized d) {
            flushFiles();
            String key = key(d.getFile());
            Optional<Projections.FileState> state = db().fileState(d.getFile());
            if (state.isEmpty()) {
                reject(AlertKind.UNKNOWN_FILE, site, seq, "scans reported for unknown file " + key);
                return;
            }
            if (AccessRegime.STATE_SECRET.name().equals(state.get().accessRegime())) {
                stops.put(site, new SiteStop(site, seq, "scans reported for state-secret file " + key));
                return;
            }
            Refusal refusal = OwnershipRules.file(site, seq, d.getFile().getFondsCode(), key, state.get().holding(),
                    null, null);
            if (refusal != null) {
                refuse(refusal);
                return;
            }
            if (Set.of("DESTROYED", "WITHDRAWN").contains(state.get().custodyState())) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "scans reported for " + state.get().custodyState().toLowerCase()
                        + " file " + key);
                return;
            }
            for (DigitalObject o : d.getObjects()) {
                if (CatalogueRules.text(o.getObjectKey()) == null || CatalogueRules.text(o.getMediaType()) == null
                        || o.getSizeBytes() < 0 || CatalogueRules.negative(o.getPageCount())
                        || (o.getResolutionDpi() != null && o.getResolutionDpi() <= 0)) {
                    reject(AlertKind.EVENT_REJECTED, site, seq, "a scan of file " + key
                            + " lacks a key or media type, or has a negative size, page count or resolution");
                    return;
                }
            }
            for (DigitalObject o : d.getObjects()) {
                db().upsertObject(site, seq, d.getFile(), o, now);
            }
            changed.add(key);
        }

        private void handoverRecorded(String site, long seq, HandoverRecorded h) {
            if (!CatalogueRules.metres(h.getMetres())) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "handover " + h.getHandoverId() + " has metres out of range");
                return;
            }
            if (!CatalogueRules.boxRefs(h.getBoxes())) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "handover " + h.getHandoverId()
                        + " lists a box without its fonds or number");
                return;
            }
            flushFiles();
            Optional<Holdings.HandoverSides> sides = holdings.handover(h.getHandoverId());
            if (!mayHandOver(site, seq, h, sides)) {
                return;
            }
            db().handoverSent(site, seq, h.getHandoverId(), h.getReceiverKind().name(), h.getReceivingUnitCode(),
                    h.getReceivingSiteCode(), h.getMinutesNumber(), h.getMetres(), h.getHandedOverOn(),
                    items(h.getBoxes(), h.getFiles()), now);
            Set<String> fondsListed = new LinkedHashSet<>();
            h.getBoxes().forEach(b -> fondsListed.add(b.getFondsCode()));
            h.getFiles().forEach(f -> fondsListed.add(f.getFondsCode()));
            holdings.markHandedOver(fondsListed, now);
            Refusal earlierReceipt = unnamedReceipt(site, h, sides);
            if (earlierReceipt != null) {
                // Cleared once the sender's side is stored: a handover row always keeps one side.
                holdings.clearReceipt(h.getHandoverId(), now);
                refuse(earlierReceipt);
            }
            withholdSecretDiscrepancies(h.getHandoverId());
            custody(h.getHandoverId());
        }

        /**
         * The sender's side of a handover: the handover id is the office's own, and it holds every box and file it
         * lists (what travels with this very handover may be listed again); false, with the refusal recorded, when not.
         */
        private boolean mayHandOver(String site, long seq, HandoverRecorded h, Optional<Holdings.HandoverSides> sides) {
            String id = h.getHandoverId().toString();
            Refusal refusal = OwnershipRules.handoverSender(site, seq, id,
                    sides.map(Holdings.HandoverSides::senderSiteCode).orElse(null));
            for (Iterator<BoxRef> boxes = h.getBoxes().iterator(); refusal == null && boxes.hasNext(); ) {
                BoxRef box = boxes.next();
                String fonds = box.getFondsCode();
                Optional<Holdings.BoxHolding> held = holdings.box(fonds, box.getBoxCode());
                refusal = OwnershipRules.box(site, seq, boxKey(box), held.orElse(null), id);
                if (refusal == null && held.isPresent() && "AT_SITE".equals(held.get().custodyState())) {
                    // A box at its office is the fonds holder's to hand over.
                    loadHolders(Map.of(fonds, site));
                    refusal = OwnershipRules.fonds(site, seq, fonds, holders.get(fonds).siteCode(),
                            "box " + boxKey(box));
                }
            }
            if (refusal == null && !h.getFiles().isEmpty()) {
                Map<String, Holdings.FileHolding> held = holdings.files(h.getFiles());
                loadHolders(h.getFiles().stream().collect(Collectors.toMap(FileRef::getFondsCode,
                        f -> site, (a, b) -> a, LinkedHashMap::new)));
                for (Iterator<FileRef> files = h.getFiles().iterator(); refusal == null && files.hasNext(); ) {
                    FileRef f = files.next();
                    Holdings.FileHolding holding = held.get(key(f));
                    refusal = holding == null
                            ? new Refusal(site, seq, Refusal.Reason.NOT_HELD, "file " + key(f), null,
                                    "handover " + id + " lists file " + key(f) + ", which the catalogue does not know")
                            : OwnershipRules.file(site, seq, f.getFondsCode(), key(f), holding,
                                    holders.get(f.getFondsCode()).siteCode(), id);
                }
            }
            if (refusal != null) {
                refuse(refusal);
                return false;
            }
            return true;
        }

        /**
         * The refusal of a receipt recorded before this sender's side by an office it does not name as receiver, or
         * null when there is none or its office is the one named.
         */
        private Refusal unnamedReceipt(String site, HandoverRecorded h, Optional<Holdings.HandoverSides> sides) {
            if (sides.isEmpty() || sides.get().receiverSiteCode() == null) {
                return null;
            }
            String receiver = sides.get().receiverSiteCode();
            return OwnershipRules.receiver(receiver, sides.get().receivedSequence(), h.getHandoverId().toString(), site,
                    h.getReceivingSiteCode(), h.getReceivingUnitCode(), unitOf(receiver), null);
        }

        /** The receiver's side: only the receiver the sender named, once. */
        private boolean mayReceive(String site, long seq, HandoverReceived h) {
            Optional<Holdings.HandoverSides> sides = holdings.handover(h.getHandoverId());
            Refusal refusal = OwnershipRules.receiver(site, seq, h.getHandoverId().toString(),
                    sides.map(Holdings.HandoverSides::senderSiteCode).orElse(null),
                    sides.map(Holdings.HandoverSides::receivingSiteCode).orElse(null),
                    sides.map(Holdings.HandoverSides::receivingUnitCode).orElse(null), unitOf(site),
                    sides.map(Holdings.HandoverSides::receiverSiteCode).orElse(null));
            if (refusal != null) {
                refuse(refusal);
                return false;
            }
            return true;
        }

        private String unitOf(String site) {
            return sites.site(site).map(Site::unitCode).orElse(null);
        }

        /** Whether {@code site} may change this file; refuses (or rejects an unknown file) when not. */
        private boolean fileHeld(String site, long seq, FileRef file, String what) {
            Optional<Projections.FileState> state = db().fileState(file);
            if (state.isEmpty()) {
                reject(AlertKind.UNKNOWN_FILE, site, seq, what + " of unknown file " + key(file));
                return false;
            }
            Refusal refusal = OwnershipRules.file(site, seq, file.getFondsCode(), key(file), state.get().holding(),
                    null, null);
            if (refusal != null) {
                refuse(refusal);
                return false;
            }
            return true;
        }

        private void handoverReceived(String site, long seq, HandoverReceived h) {
            if (!CatalogueRules.metres(h.getReceivedMetres())) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "receipt of handover " + h.getHandoverId()
                        + " has metres out of range");
                return;
            }
            if (!CatalogueRules.boxRefs(h.getReceivedBoxes())) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "receipt of handover " + h.getHandoverId()
                        + " lists a box without its fonds or number");
                return;
            }
            flushFiles();
            if (!mayReceive(site, seq, h)) {
                return;
            }
            db().handoverReceived(site, seq, h.getHandoverId(), h.getMinutesNumber(), h.getReceivedMetres(),
                    h.getReceivedOn(), h.getDiscrepancies(), items(h.getReceivedBoxes(), h.getReceivedFiles()), now);
            withholdSecretDiscrepancies(h.getHandoverId());
            custody(h.getHandoverId());
        }

        /** A receipt's discrepancies are withheld once either side lists a state-secret file (also in a rebuild). */
        private void withholdSecretDiscrepancies(UUID handoverId) {
            SecretText.StoredEvent receipt = secrets.handover(handoverId);
            if (receipt != null && !replay) {
                secretTextEvents.add(receipt);
            }
        }

        private boolean secretFile(FileRef file) {
            return db().fileState(file).map(s -> AccessRegime.STATE_SECRET.name().equals(s.accessRegime()))
                    .orElse(false);
        }

        /** Custody after either side of a handover: in transit until both sides recorded it, then received. */
        private void custody(UUID handoverId) {
            Projections.HandoverStatus status = db().handoverStatus(handoverId);
            if (status.senderSiteCode() != null) {
                // The sender's handed-over or transferred metres count once both sides recorded the handover.
                progressSites.add(status.senderSiteCode());
            }
            switch (status.status()) {
                case "IN_TRANSIT" -> changed.addAll(db().custody(handoverId, status.senderSiteCode(),
                        "IN_TRANSIT", false, null, null, now));
                case "RECEIVED", "RECEIVED_WITH_DISCREPANCIES" -> changed.addAll(db().custody(handoverId,
                        status.senderSiteCode(), status.status(), true, status.receivingUnitCode(),
                        status.receiverSiteCode(), now));
                default -> {
                    // RECEIPT_ONLY: the sender's side has not arrived; custody stays where the sender left it.
                }
            }
        }

        private void destruction(String site, long seq, DestructionRecorded d) {
            flushFiles();
            Map<String, FileRef> distinct = new LinkedHashMap<>();
            d.getFiles().forEach(f -> distinct.putIfAbsent(key(f), f));
            List<FileRef> targets = new ArrayList<>(distinct.values());
            List<Projections.DestructionTarget> found = db().destructionTargets(targets);
            for (Projections.DestructionTarget t : found) {
                // Another office's file: refused before it reaches the destruction register.
                Refusal notHeld = OwnershipRules.file(site, seq, t.fondsCode(), t.fondsCode() + "/" + t.fileCode(),
                        t.holding(), null, null);
                if (notHeld != null) {
                    refuse(notHeld);
                    return;
                }
            }
            String refusal = CatalogueRules.invalidDestruction(d);
            if (refusal == null) {
                List<String> problems = new ArrayList<>();
                for (Projections.DestructionTarget t : found) {
                    String key = t.fondsCode() + "/" + t.fileCode();
                    if (t.retention() == null) {
                        problems.add(key + " is unknown");
                    } else if (Set.of("DESTROYED", "WITHDRAWN").contains(t.custodyState())) {
                        problems.add(key + " is " + t.custodyState().toLowerCase());
                    } else if (RetentionKind.PERMANENT.name().equals(t.retention())) {
                        problems.add(key + " is kept permanently");
                    } else if (RetentionKind.LEGACY_LONG_TERM.name().equals(t.retention())) {
                        // "Lâu dài" waits for re-appraisal: until then it is kept as a permanent file is.
                        problems.add(key + " is kept long-term (Lâu dài) until re-appraised");
                    } else if (!AppraisalDecision.DESTROY.name().equals(t.decision())) {
                        problems.add(key + " is not appraised DESTROY");
                    }
                }
                if (!problems.isEmpty()) {
                    refusal = String.join("; ", problems);
                }
            }
            BigDecimal metres = CatalogueRules.metres(d.getMetres()) ? d.getMetres() : BigDecimal.ZERO;
            String decision = CatalogueRules.text(d.getDecisionRef());
            String minutes = CatalogueRules.text(d.getMinutesNumber());
            boolean recorded = db().insertDestruction(site, seq, d.getDestructionId(), String.valueOf(decision),
                    String.valueOf(CatalogueRules.text(d.getFirstApprover())),
                    String.valueOf(CatalogueRules.text(d.getSecondApprover())), String.valueOf(minutes), metres,
                    d.getDestroyedOn(), refusal, now);
            if (!recorded) {
                reject(AlertKind.EVENT_REJECTED, site, seq, "destruction " + d.getDestructionId() + " was recorded before");
                return;
            }
            if (refusal != null) {
                reject(AlertKind.DESTRUCTION_REFUSED, site, seq, "destruction " + d.getDestructionId() + " refused: " + refusal);
                return;
            }
            db().destroy(site, seq, d.getDestructionId(), String.valueOf(decision), String.valueOf(minutes),
                    d.getDestroyedOn(), targets, now);
            targets.forEach(f -> changed.add(key(f)));
        }

        private void withdrawn(String site, long seq, FileWithdrawn w) {
            flushFiles();
            String key = key(w.getFile());
            String reason = CatalogueRules.text(w.getReason());
            Optional<Projections.FileState> state = db().fileState(w.getFile());
            if (reason != null && !SecretText.WITHHELD.equals(reason) && state.isPresent()
                    && AccessRegime.STATE_SECRET.name().equals(state.get().accessRegime())) {
                reason = SecretText.WITHHELD;
                secretTextEvents.add(new SecretText.StoredEvent(site, seq));
            }
            if (state.isPresent()) {
                Refusal refusal = OwnershipRules.file(site, seq, w.getFile().getFondsCode(), key,
                        state.get().holding(), null, null);
                if (refusal != null) {
                    refuse(refusal);
                    return;
                }
            }
            if (db().withdraw(seq, w.getFile(), reason == null ? "(no reason given)" : reason, now)) {
                changed.add(key);
            } else if (db().fileState(w.getFile()).isEmpty()) {
                reject(AlertKind.UNKNOWN_FILE, site, seq, "withdrawal of unknown file " + key);
            } else {
                reject(AlertKind.EVENT_REJECTED, site, seq, "withdrawal of destroyed file " + key);
            }
        }

        private void reject(AlertKind kind, String site, long seq, String detail) {
            if (!replay) {
                db();
                alerts.raise(kind, site, seq, detail, now);
            }
        }

        /** What a side of a handover lists, as (kind, fonds, key): a box by its number, a file by 'fonds/code'. */
        private List<String[]> items(List<BoxRef> boxes, List<FileRef> files) {
            Set<String> seen = new HashSet<>();
            List<String[]> items = new ArrayList<>();
            for (BoxRef box : boxes) {
                if (seen.add("BOX:" + boxKey(box))) {
                    items.add(new String[] {"BOX", box.getFondsCode(), box.getBoxCode()});
                }
            }
            for (FileRef f : files) {
                if (seen.add("FILE:" + key(f))) {
                    items.add(new String[] {"FILE", f.getFondsCode(), key(f)});
                }
            }
            return items;
        }
    }

    private static String key(FileRef f) {
        return f.getFondsCode() + "/" + f.getFileCode();
    }

    /** A box as refusals and alerts name it: {@code fondsCode/boxCode}. */
    private static String boxKey(String fonds, String box) {
        return fonds + "/" + box;
    }

    private static String boxKey(BoxRef box) {
        return boxKey(box.getFondsCode(), box.getBoxCode());
    }
}
