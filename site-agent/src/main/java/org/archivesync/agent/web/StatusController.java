package org.archivesync.agent.web;

import org.archivesync.agent.status.AgentStatus;
import org.archivesync.agent.status.StatusReader;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/status}: what the CLI's {@code status} shows, as JSON. */
@RestController
class StatusController {

    private final StatusReader status;

    StatusController(StatusReader status) {
        this.status = status;
    }

    record StatusResponse(String siteCode, String keyId, boolean enrolled, long lastRecordedSequence,
                          long lastPublishedSequence, long backlog, Long oldestBacklogAgeSeconds, Long hubCursorSequence,
                          String hubCursorSeenAt, Boolean hubQuarantined, Boolean brokerReachable,
                          String brokerCheckedAt, String lastError) {
    }

    @GetMapping("/api/status")
    StatusResponse status() {
        AgentStatus s = status.status();
        return new StatusResponse(s.siteCode(), s.keyId(), s.siteCode() != null, s.lastRecordedSequence(),
                s.lastPublishedSequence(), s.backlog(),
                s.oldestBacklogAge() == null ? null : s.oldestBacklogAge().toSeconds(), s.hubCursorSequence(),
                s.hubCursorSeenAt() == null ? null : s.hubCursorSeenAt().toString(), s.hubQuarantined(),
                s.brokerReachable(), s.brokerCheckedAt() == null ? null : s.brokerCheckedAt().toString(), s.lastError());
    }
}
