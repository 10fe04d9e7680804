package org.archivesync.hub.outbound;

import org.archivesync.hub.alerts.Alert;
import org.archivesync.hub.alerts.AlertRaised;
import org.springframework.context.event.EventListener;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Queues every raised alert for {@code archive.alerts}, as JSON
 * ({@code {"alertId","kind","siteCode","sequence","detail","raisedAt"}}), in the transaction that raised it: the
 * listener runs before that transaction commits, so an alert is sent exactly when the change that caused it committed.
 */
final class AlertMessages {

    private final Outbox outbox;
    private final JsonMapper json = JsonMapper.builder().build();

    AlertMessages(Outbox outbox) {
        this.outbox = outbox;
    }

    @EventListener
    void raised(AlertRaised raised) {
        Alert alert = raised.alert();
        outbox.alert(alert.siteCode(), toJson(alert), alert.raisedAt());
    }

    /** The alert as published: the fields of contracts.md, plus its id. */
    byte[] toJson(Alert alert) {
        ObjectNode node = json.createObjectNode()
                .put("alertId", alert.alertId().toString())
                .put("kind", alert.kind().name())
                .put("siteCode", alert.siteCode());
        if (alert.sequence() == null) {
            node.putNull("sequence");
        } else {
            node.put("sequence", alert.sequence());
        }
        node.put("detail", alert.detail()).put("raisedAt", alert.raisedAt().toString());
        return json.writeValueAsBytes(node);
    }
}
