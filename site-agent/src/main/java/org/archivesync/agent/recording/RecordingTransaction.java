package org.archivesync.agent.recording;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.archivesync.agent.AgentVersion;
import org.archivesync.agent.identity.KeyRotation;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.ChainFork;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxRedaction;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.schemas.integrity.ChainPosition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transaction and the signing around a {@link Recorder} call: one {@code BEGIN IMMEDIATE} SQLite transaction,
 * refused while this store's chain is forked from the hub's; its events chained from the outbox's head
 * ({@link EventChain}) and the last signed with the key read under the write lock (a rotation the hub confirmed
 * switches here); a state secret's earlier text redacted from the outbox once the hub holds it. Shared by a recorder
 * and its {@link Recorder#withClerk} copies.
 */
final class RecordingTransaction {

    private static final Logger log = LoggerFactory.getLogger(RecordingTransaction.class);

    private final AgentStore store;
    /** The PC's clock: key rotation times, the outbox's recorded_at (backlog age), redaction times. */
    private final Clock clock;
    /** Dates the acts: events' occurredAt and "today" for date checks (the simulated calendar when one is set). */
    private final Clock calendar;
    private final String agentVersion = AgentVersion.current();
    /** The identity last switched to by a key rotation. */
    private final AtomicReference<SiteIdentity> switched = new AtomicReference<>();

    RecordingTransaction(AgentStore store, Clock clock, Clock calendar) {
        this.store = store;
        this.clock = clock;
        this.calendar = calendar;
    }

    /** What one transaction does with its rules and its chain (null on a dry run), from the outbox's head. */
    @FunctionalInterface
    interface Step<T> {
        T run(RuleContext ctx, EventChain events, long head) throws SQLException;
    }

    /**
     * One write transaction ({@code BEGIN IMMEDIATE}), or on a dry run one that is always rolled back: refused while
     * the chain is forked from the hub's, the events chained from the outbox's head and signed with the key read under
     * the write lock, a state secret's earlier text redacted once the hub holds it.
     *
     * @param site the office; empty only on a dry run
     * @param recorded what of the step's result was appended (null when nothing was)
     */
    <T> T run(Optional<SiteIdentity> site, String clerk, boolean dryRun, Step<T> step, Function<T, Recorded> recorded) {
        Instant occurredAt = calendar.instant().truncatedTo(ChronoUnit.MILLIS);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        int[] redacted = {0};
        AgentStore.Work<T> work = c -> {
            try (StateTables state = new StateTables(c); Outbox.Appender outbox = Outbox.appender(c)) {
                if (!dryRun) {
                    refuseFork(c);
                }
                ChainPosition head = Outbox.head(c);
                EventChain events = dryRun ? null
                        : new EventChain(head, signer(c, site.get()), clerk, agentVersion, occurredAt, now, outbox);
                RuleContext ctx = new RuleContext(state, site.map(SiteIdentity::siteCode).orElse(null),
                        latestDate(occurredAt), now);
                T result = step.run(ctx, events, head.sequence());
                if (recorded.apply(result) != null) {
                    redacted[0] = OutboxRedaction.redactApplied(c, now.toEpochMilli());
                }
                return result;
            }
        };
        T result = dryRun ? store.inRolledBackTransaction(work) : store.inTransaction(work);
        checkpointAfterRedaction(redacted[0]);
        return result;
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

    private LocalDate latestDate(Instant today) {
        // One day of slack: the clock may be UTC while the office's calendar is UTC+7.
        return LocalDate.ofInstant(today, calendar.getZone()).plusDays(1);
    }}
