package org.archivesync.agent.web;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.time.Clock;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.publisher.LinkState;
import org.archivesync.agent.status.AgentStatus;
import org.archivesync.agent.status.StatusReader;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/status}: what the CLI's {@code status} shows, as JSON. */
@RestController
class StatusController {

    private final StatusReader status;
    private final Outbox outbox;
    private final Clock clock;

    StatusController(StatusReader status, Outbox outbox, Clock clock) {
        this.status = status;
        this.outbox = outbox;
        this.clock = clock;
    }

    record StatusResponse(String siteCode, String keyId, boolean enrolled, long lastRecordedSequence,
                          long lastPublishedSequence, long backlog, Long oldestBacklogAgeSeconds, Long hubCursorSequence,
                          String hubCursorSeenAt, Boolean hubQuarantined, Boolean brokerReachable,
                          String brokerCheckedAt, String lastError, long hubRefusalCount,
                          List<RefusalResponse> hubRefusals, List<ScanIssueResponse> scanIssues, LinkResponse link,
                          CalendarResponse simulatedCalendar, ForkResponse fork) {
    }

    /**
     * Nhánh rẽ: this store's chain parts from the hub's ({@code kind} BEHIND or BESIDE) and recording is refused until
     * an operator re-bases it; {@code message} says what happened and what to do in the request's language. Null when
     * the chains agree.
     */
    record ForkResponse(String kind, long hubSequence, long localSequence, String message) {
    }

    /**
     * Lịch mô phỏng (training and demo only): records are dated {@code date} ({@code now}, ISO-8601 with the file's
     * offset), not today; {@code message} says so in the request's language. Null when records are dated on the PC's
     * clock.
     */
    record CalendarResponse(String file, String now, String date, String message) {
    }

    /**
     * The link apart from the broker: whether the schema registry answered ({@code null} when never asked: the ids it
     * needs are known), when the hub was last heard (its cursor, re-published every heartbeat) and whether it has been
     * silent for longer than {@code hubSilentAfterSeconds}; {@code lines} says it all in the request's language.
     */
    record LinkResponse(Boolean registryReachable, String registryCheckedAt, String registryError, String hubHeardAt,
                        boolean hubSilent, long hubSilentAfterSeconds, List<String> lines) {
    }

    /**
     * An event the hub refused because this office does not hold what it touches; {@code message} says it in the
     * request's language.
     */
    record RefusalResponse(long sequence, String reason, String record, String holderSiteCode, String detail,
                           String seenAt, String message) {
    }

    /** A scan not digitized; {@code message} says what the clerk should do, in the request's language. */
    record ScanIssueResponse(String path, String fondsCode, String fileCode, String kind, String detail, String since,
                             String message) {
    }

    @GetMapping("/api/status")
    StatusResponse status(Locale locale) {
        AgentStatus s = status.status();
        AgentMessages messages = AgentMessages.of(locale);
        List<ScanIssueResponse> issues = s.scanIssues().stream().map(i -> new ScanIssueResponse(i.path(), i.fondsCode(),
                i.fileCode(), i.kind().name(), i.detail(), i.since().toString(), i.describe(messages))).toList();
        return new StatusResponse(s.siteCode(), s.keyId(), s.siteCode() != null, s.lastRecordedSequence(),
                s.lastPublishedSequence(), s.backlog(),
                s.oldestBacklogAge() == null ? null : s.oldestBacklogAge().toSeconds(), s.hubCursorSequence(),
                s.hubCursorSeenAt() == null ? null : s.hubCursorSeenAt().toString(), s.hubQuarantined(),
                s.brokerReachable(), s.brokerCheckedAt() == null ? null : s.brokerCheckedAt().toString(), s.lastError(),
                s.hubRefusalCount(), s.hubRefusals().stream().map(r -> new RefusalResponse(r.sequence(), r.reason(),
                        r.record(), r.holderSiteCode(), r.detail(), Instant.ofEpochMilli(r.seenAt()).toString(),
                        StatusReader.describe(r, messages))).toList(),
                issues, link(messages), s.simulatedCalendar() == null ? null
                        : new CalendarResponse(s.simulatedCalendar().file(), s.simulatedCalendar().now().toString(),
                                s.simulatedCalendar().now().toLocalDate().toString(),
                                StatusReader.describeCalendar(s, messages)),
                s.fork() == null ? null : new ForkResponse(s.fork().kind().name(), s.fork().hubSequence(),
                        s.fork().localSequence(), StatusReader.describeFork(s, messages)));
    }

    private LinkResponse link(AgentMessages messages) {
        LinkState.Snapshot link = LinkState.read(outbox.store());
        Instant now = clock.instant();
        return new LinkResponse(link.registryReachable(), text(link.registryCheckedAt()), link.registryError(),
                text(link.hubHeardAt()), link.hubSilent(now), LinkState.HUB_SILENT_AFTER.toSeconds(),
                link.describe(messages, now));
    }

    private static String text(Instant at) {
        return at == null ? null : at.toString();
    }
}
