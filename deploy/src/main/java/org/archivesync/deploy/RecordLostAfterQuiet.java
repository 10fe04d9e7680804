package org.archivesync.deploy;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/**
 * An office's last records are lost from Kafka before the hub read them (deleted from the topic, as a retention or
 * a broker's lost disk would), and then nothing happens: the office is quiet, nothing new is recorded. The hub's
 * cursor stays behind the office's last sequence; the office must notice by itself, after its repair grace, and send
 * again what the hub lacks (finding 2 of issue 15: a cursor reading with nothing to repair used to be marked handled,
 * so a record missed after a quiet period stayed missing until the agent restarted).
 *
 * <p>The hub is frozen (SIGSTOP), not restarted, while the records are published and lost: a restarted hub would
 * announce its cursors on start and hide the bug; a running one only re-announces an unchanged cursor on its
 * heartbeat ({@value ChaosStack#CURSOR_HEARTBEAT} here, 1 min in production).
 *
 * <p>Figure: from the hub going on to the office repaired (the repair grace is {@value ChaosStack#REPAIR_GRACE} in the
 * chaos stack, 2 min in production).
 */
final class RecordLostAfterQuiet implements ChaosScenario {

    @Override
    public String name() {
        return "record-lost-after-quiet";
    }

    @Override
    public boolean fast() {
        return true;
    }

    @Override
    public ChaosOutcome run(ChaosStack stack) throws Exception {
        ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(2));
        ChaosOffice office = stack.office(0);
        stack.pauseHub();
        long last = office.recordFiles(50);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (office.agent().status().lastPublished() < last) {
            if (System.nanoTime() > deadline) {
                stack.resumeHub();
                throw new ChaosFailure(office.site() + " did not publish its 50 files in 1 min with the broker up");
            }
            Pause.millis(200);
        }
        String topic = OfficeAccess.topic(office.site());
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                stack.kafka().bootstrapServers()))) {
            List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get()
                    .get(topic).partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
            Map<TopicPartition, RecordsToDelete> delete = new HashMap<>();
            admin.listOffsets(latest).all().get().forEach((p, info) ->
                    delete.put(p, RecordsToDelete.beforeOffset(info.offset())));
            admin.deleteRecords(delete).all().get();
        }
        stack.say("chaos", "%s's records up to sequence %d deleted from %s before the hub read them; the office is "
                + "quiet now", office.site(), last, topic);
        stack.resumeHub();
        long ready = System.nanoTime();
        ChaosInvariants.awaitConverged(stack, Duration.ofMinutes(3));
        return ChaosOutcome.builder()
                .seconds("repaired after hub resumed", Duration.ofNanos(System.nanoTime() - ready))
                .build();
    }
}
