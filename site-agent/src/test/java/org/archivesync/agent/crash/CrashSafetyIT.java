package org.archivesync.agent.crash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.Brokers;
import org.archivesync.agent.testing.OutboxChecks;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestRegistry;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.agent.testing.TopicReader;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerdict;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.wire.WireFormat;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;

/**
 * {@code kill -9} of a separate agent JVM in the middle of recording a large batch and in the middle of publishing:
 * after a restart nothing is lost, no transaction is half applied, the chain and signatures hold, and the topic holds
 * every sequence, its copies byte-identical, so the hub's verifier applies each exactly once.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyIT {

    static final int PER_BATCH = 4000;
    static final String PREFIX = "archive.site-events.crash";
    static final String CURSORS = "archive.site-cursors.crash";
    static final TestSite SITE = TestSite.create("CM.THOIBINH.UBND");
    static final String TOPIC = PREFIX + "." + SITE.siteCode();
    static final Path DIR = TestPaths.directory("crash");
    static final Path DB = DIR.resolve("agent.sqlite");
    static Path keyFile;

    static String[] recordArgs(int batches) throws Exception {
        if (keyFile == null) {
            keyFile = Files.writeString(DIR.resolve("site-key.pk8"), SiteKeys.encodePrivate(SITE.keys().getPrivate()));
        }
        return new String[] {"record", DB.toString(), keyFile.toString(), SITE.keyId(), SITE.siteCode(),
                String.valueOf(batches), String.valueOf(PER_BATCH)};
    }

    @Test
    @Order(1)
    void killedInTheMiddleOfALargeBatchTheStoreKeepsWholeTransactionsOnlyAndRecordingResumes() throws Exception {
        long committedBeforeKill;
        try (ChildAgent agent = ChildAgent.start(DIR.resolve("record-1.log"), recordArgs(50))) {
            // Two transactions committed and the third begun: kill it while it writes.
            await().atMost(Duration.ofSeconds(90)).until(() -> agent.values("committed").size() >= 2
                    && agent.values("begin").size() >= 3);
            agent.kill();
            committedBeforeKill = agent.values("committed").get(agent.values("committed").size() - 1);
            assertThat(agent.values("begin")).hasSizeGreaterThan(agent.values("committed").size() - 1);
        }

        long afterCrash;
        try (AgentStore store = AgentStore.open(DB)) {
            assertThat(integrityCheck(store)).isEqualTo("ok");
            Outbox outbox = new Outbox(store);
            afterCrash = outbox.status().lastRecordedSequence();
            // Whole transactions only: what was committed, or that plus the whole batch it was writing.
            assertThat(afterCrash).isIn(committedBeforeKill, committedBeforeKill + PER_BATCH);
            assertThat((afterCrash - 1) % PER_BATCH).isZero();
            System.out.printf("crash test: committed before kill=%d, after restart=%d%n", committedBeforeKill, afterCrash);
            // The state tables moved with the outbox, in the same transactions.
            assertThat(count(store, "files")).isEqualTo(afterCrash - 1);
            assertThat(count(store, "outbox")).isEqualTo(afterCrash);
            OutboxChecks.verifyWholeOutbox(outbox, SITE);
        }

        try (ChildAgent agent = ChildAgent.start(DIR.resolve("record-2.log"), recordArgs(2))) {
            assertThat(agent.waitForExit()).isZero();
            assertThat(agent.values("begin").get(0)).isEqualTo(afterCrash + 1);
        }
        try (AgentStore store = AgentStore.open(DB)) {
            Outbox outbox = new Outbox(store);
            assertThat(outbox.status().lastRecordedSequence()).isEqualTo(afterCrash + 2L * PER_BATCH);
            OutboxChecks.verifyWholeOutbox(outbox, SITE);
        }
    }

    @Test
    @Order(2)
    void killedInTheMiddleOfPublishingTheRestartedAgentSendsEverythingAndTheHubAppliesEachOnce() throws Exception {
        EmbeddedKafkaKraftBroker broker = Brokers.shared();
        Brokers.createTopics(broker, TOPIC, CURSORS);
        long total;
        List<OutboxEntry> rows;
        try (AgentStore store = AgentStore.open(DB)) {
            total = new Outbox(store).status().lastRecordedSequence();
            rows = new Outbox(store).range(1, total);
        }
        assertThat(total).isGreaterThan(3L * PER_BATCH);

        long publishedAtKill;
        try (TestRegistry registry = TestRegistry.start(3)) {
            String[] publish = {"publish", DB.toString(), keyFile.toString(), SITE.keyId(), SITE.siteCode(),
                    broker.getBrokersAsString(), registry.url(), PREFIX, CURSORS, "500"};
            try (ChildAgent agent = ChildAgent.start(DIR.resolve("publish-1.log"), publish)) {
                await().atMost(Duration.ofSeconds(90)).until(() -> agent.values("published").stream()
                        .anyMatch(p -> p > 0 && p < total - 2000));
                agent.kill();
            }
            try (AgentStore store = AgentStore.open(DB)) {
                publishedAtKill = new Outbox(store).status().lastPublishedSequence();
                assertThat(publishedAtKill).isBetween(1L, total - 1);
            }
            try (ChildAgent agent = ChildAgent.start(DIR.resolve("publish-2.log"), publish)) {
                await().atMost(Duration.ofSeconds(120)).until(() -> agent.values("published").contains(total));
            }
        }

        List<ConsumerRecord<String, byte[]>> records;
        try (TopicReader reader = new TopicReader(broker.getBrokersAsString(), TOPIC)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> reader.poll().stream().map(TopicReader::sequence)
                    .distinct().count() == total);
            records = reader.poll();
        }
        Map<Long, Integer> copies = new HashMap<>();
        long highestFirstSeen = 0;
        for (ConsumerRecord<String, byte[]> r : records) {
            long sequence = TopicReader.sequence(r);
            // Every copy is the recorded bytes: a resend is a duplicate, never a different event.
            assertThat(WireFormat.parse(r.value()).bodyBytes()).isEqualTo(rows.get((int) sequence - 1).body());
            if (copies.merge(sequence, 1, Integer::sum) == 1) {
                assertThat(sequence).as("first copies arrive in order").isEqualTo(highestFirstSeen + 1);
                highestFirstSeen = sequence;
            }
        }
        assertThat(copies).hasSize((int) total);
        // Only what the killed agent sent without recording the acknowledgement may be there twice: nothing it had
        // marked published was sent again.
        long marked = publishedAtKill;
        copies.forEach((sequence, n) -> {
            if (n > 1) {
                assertThat(sequence).isGreaterThan(marked);
            }
        });
        System.out.printf("crash test: total=%d markedAtKill=%d duplicates=%d%n", total, marked, records.size() - total);
        long duplicates = records.size() - total;
        assertThat(duplicates).isLessThanOrEqualTo(2000);
        ChainVerdict verdict = SITE.verifier().verify(SITE.siteCode(), ChainPosition.start(), s -> null,
                records.stream().map(TopicReader::chainEvent).toList());
        assertThat(verdict.failure()).isNull();
        assertThat(verdict.verifiedThrough()).isEqualTo(total);
        assertThat(verdict.accepted()).hasSize((int) total);
        assertThat(verdict.redelivered()).isEqualTo((int) duplicates);
    }

    static String integrityCheck(AgentStore store) {
        return store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("PRAGMA integrity_check")) {
                rs.next();
                return rs.getString(1);
            }
        });
    }

    static long count(AgentStore store, String table) {
        return store.read(c -> {
            try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }
}
