package org.archivesync.agent.status;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.archivesync.agent.outbox.ChainFork;
import org.archivesync.agent.outbox.HubRefusal;
import org.archivesync.agent.watcher.ScanIssue;

/**
 * What {@code status} shows.
 *
 * @param siteCode the enrolled site, or null before enrollment
 * @param keyId the site's key id, or null
 * @param lastRecordedSequence highest sequence recorded, 0 when none
 * @param lastPublishedSequence highest sequence the broker acknowledged, 0 when none
 * @param backlog events waiting to be published
 * @param oldestBacklogAge age of the oldest waiting event, or null when none wait
 * @param hubCursorSequence the hub's last cursor for this site as seen by the publisher, or null
 * @param hubCursorSeenAt when it was seen, or null
 * @param hubQuarantined whether the hub had quarantined the site, or null
 * @param brokerReachable whether the publisher's last attempt reached the broker, or null when it never tried
 * @param brokerCheckedAt when that was, or null
 * @param lastError the publisher's last delivery error, or null
 * @param hubRefusalCount how many of this office's events the hub refused in all (records another office holds)
 * @param hubRefusals the newest of them, newest first (at most 10), never null
 * @param scanIssues scans in the scan folder that were not digitized (state-secret scans to move away first), never
 *                   null
 * @param simulatedCalendar the simulated calendar records are dated on (training and demo only), or null when they are
 *                          dated on the PC's clock
 * @param fork how this store's chain parts from the hub's (recording is refused until an operator re-bases it), or
 *             null when it does not
 */
public record AgentStatus(String siteCode, String keyId, long lastRecordedSequence, long lastPublishedSequence,
                          long backlog, Duration oldestBacklogAge, Long hubCursorSequence, Instant hubCursorSeenAt,
                          Boolean hubQuarantined, Boolean brokerReachable, Instant brokerCheckedAt, String lastError,
                          long hubRefusalCount, List<HubRefusal> hubRefusals, List<ScanIssue> scanIssues,
                          SimulatedDay simulatedCalendar, ChainFork fork) {

    /**
     * Lịch mô phỏng: the day records are dated on now.
     *
     * @param file the calendar's file (never null)
     * @param now the simulated date-time now, at the file's offset (never null)
     * @param shown {@code now} as {@code dd/MM/yyyy HH:mm} (never null)
     */
    public record SimulatedDay(String file, OffsetDateTime now, String shown) {
    }

    public AgentStatus {
        hubRefusals = List.copyOf(hubRefusals);
        scanIssues = List.copyOf(scanIssues);
    }
}
