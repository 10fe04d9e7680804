package org.archivesync.hub.ingest;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Where ingest stands in each partition of the offices' topics ({@code consumed_offsets}): the offset of the next
 * record to read, written in the same transaction as the events before it. This, not Kafka's committed offset, is
 * where the consumer seeks on assignment, so the catalogue and its consumed position cannot diverge: a database
 * restored from a backup replays what it lacks. Kafka's committed offsets are still written, after the database, for
 * tools and lag monitors: they are advisory.
 */
final class ConsumedOffsets {

    /** The next offset to read in one partition. */
    record Position(String topic, int partition, long nextOffset) {

        TopicPartition topicPartition() {
            return new TopicPartition(topic, partition);
        }
    }

    // Unconditional: the batch just applied is the truth about the partition (after a restore it moves back with it).
    private static final String SAVE = """
            INSERT INTO consumed_offsets (topic, partition, next_offset, updated_at)
            SELECT u.topic, u.partition, u.next_offset, :at
            FROM unnest(:topic::text[], :partition::int[], :next::bigint[]) AS u(topic, partition, next_offset)
            ON CONFLICT (topic, partition) DO UPDATE SET next_offset = excluded.next_offset, updated_at = excluded.updated_at""";

    private static final String READ = """
            SELECT topic, partition, next_offset FROM consumed_offsets
            WHERE (topic, partition) IN (SELECT * FROM unnest(:topic::text[], :partition::int[]))""";

    private static final String ANY_ROW = "SELECT EXISTS (SELECT 1 FROM consumed_offsets)";

    // Empty: nothing in the event log and nothing waiting in it (parked).
    private static final String CATALOGUE_EMPTY = """
            SELECT NOT EXISTS (SELECT 1 FROM events) AND NOT EXISTS (SELECT 1 FROM parked_events)""";

    private final JdbcClient jdbc;

    ConsumedOffsets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes the positions in the caller's transaction. */
    void save(List<Position> positions, Instant now) {
        if (positions.isEmpty()) {
            return;
        }
        jdbc.sql(SAVE).param("topic", positions.stream().map(Position::topic).toArray(String[]::new))
                .param("partition", positions.stream().map(Position::partition).toArray(Integer[]::new))
                .param("next", positions.stream().map(Position::nextOffset).toArray(Long[]::new))
                .param("at", java.sql.Timestamp.from(now)).update();
    }

    /** The stored next offset of each partition that has one; partitions without a row are absent. */
    Map<TopicPartition, Long> positions(Collection<TopicPartition> partitions) {
        Map<TopicPartition, Long> found = new HashMap<>();
        if (partitions.isEmpty()) {
            return found;
        }
        jdbc.sql(READ).param("topic", partitions.stream().map(TopicPartition::topic).toArray(String[]::new))
                .param("partition", partitions.stream().map(TopicPartition::partition).toArray(Integer[]::new))
                .query((rs, n) -> found.put(new TopicPartition(rs.getString(1), rs.getInt(2)), rs.getLong(3))).list();
        return found;
    }

    /** Drops every stored position (a deliberate fresh start): every partition is then read from its beginning. */
    int clear() {
        return jdbc.sql("DELETE FROM consumed_offsets").update();
    }

    boolean anyStored() {
        return Boolean.TRUE.equals(jdbc.sql(ANY_ROW).query(Boolean.class).single());
    }

    boolean catalogueEmpty() {
        return Boolean.TRUE.equals(jdbc.sql(CATALOGUE_EMPTY).query(Boolean.class).single());
    }
}
