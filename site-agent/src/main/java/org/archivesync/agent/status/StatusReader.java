package org.archivesync.agent.status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.archivesync.agent.calendar.SimulatedCalendar;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.outbox.HubRefusal;
import org.archivesync.agent.outbox.DeliveryState;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxStatus;
import org.archivesync.agent.watcher.ScanWatcher;

/**
 * Assembles the agent's status from the store alone, so the CLI shows the same as the REST API even while the
 * service runs in another process. Broker reachability and the hub cursor are what the publisher last recorded; scan
 * issues are what the scan watcher last found.
 */
public final class StatusReader {

    private final Enrollment enrollment;
    private final Outbox outbox;
    private final Clock clock;
    private final Clock calendar;

    /** Without a simulated calendar. */
    public StatusReader(Enrollment enrollment, Outbox outbox, Clock clock) {
        this(enrollment, outbox, clock, clock);
    }

    /**
     * @param clock the PC's clock, for the backlog's age (never null)
     * @param calendar the acts clock, shown when it is a {@link SimulatedCalendar} (never null)
     */
    public StatusReader(Enrollment enrollment, Outbox outbox, Clock clock, Clock calendar) {
        this.enrollment = enrollment;
        this.outbox = outbox;
        this.clock = clock;
        this.calendar = calendar;
    }

    public AgentStatus status() {
        var enrolled = enrollment.enrolled();
        OutboxStatus o = outbox.status();
        DeliveryState d = outbox.delivery();
        Duration age = o.oldestUnpublishedAt() == null ? null
                : Duration.ofMillis(Math.max(0, clock.millis() - o.oldestUnpublishedAt()));
        return new AgentStatus(enrolled.map(Enrollment.Enrolled::siteCode).orElse(null),
                enrolled.map(Enrollment.Enrolled::keyId).orElse(null), o.lastRecordedSequence(),
                o.lastPublishedSequence(), o.backlog(), age, d.hubCursorSequence(), instant(d.hubCursorSeenAt()),
                d.hubQuarantined(), d.brokerReachable(), instant(d.brokerCheckedAt()), d.lastError(),
                outbox.hubRefusalCount(), outbox.hubRefusals(10),
                ScanWatcher.issues(outbox.store()), SimulatedCalendar.of(calendar).map(c ->
                        new AgentStatus.SimulatedDay(c.file().toString(), c.now(), c.shown())).orElse(null),
                outbox.fork());
    }

    /** The fork's line in the reader's language (what happened, both sequences, what to do); null when none. */
    public static String describeFork(AgentStatus s, AgentMessages messages) {
        if (s.fork() == null) {
            return null;
        }
        String key = switch (s.fork().kind()) {
            case BEHIND -> "fork.behind";
            case BESIDE -> "fork.beside";
        };
        return messages.get(key, "", s.fork().hubSequence(), s.fork().localSequence());
    }

    /** The simulated calendar's line in the reader's language; null when records are dated on the PC's clock. */
    public static String describeCalendar(AgentStatus s, AgentMessages messages) {
        return s.simulatedCalendar() == null ? null
                : messages.get("calendar.status", s.simulatedCalendar().shown(), s.simulatedCalendar().file());
    }

    /**
     * A refusal in the clerk's words: what was refused, who holds it, what to do (the hub's English detail is kept
     * for the log and the API).
     */
    public static String describe(HubRefusal r, AgentMessages messages) {
        String reason = "cli.status.hub-refusal." + r.reason();
        String what = messages.has(reason) ? messages.get(reason) : r.reason();
        return r.holderSiteCode() == null
                ? messages.get("cli.status.hub-refusal", r.sequence(), r.record(), what)
                : messages.get("cli.status.hub-refusal-holder", r.sequence(), r.record(), what, r.holderSiteCode());
    }

    private static Instant instant(Long millis) {
        return millis == null ? null : Instant.ofEpochMilli(millis);
    }
}
