package org.archivesync.agent.publisher;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.archivesync.schemas.wire.WireFormatException;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void theDelayGrowsExponentiallyUpToItsCap() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofMillis(800), 2.0);
        assertThat(List.of(1, 2, 3, 4, 5, 10, 1000)).extracting(backoff::delay).containsExactly(Duration.ofMillis(100),
                Duration.ofMillis(200), Duration.ofMillis(400), Duration.ofMillis(800), Duration.ofMillis(800),
                Duration.ofMillis(800), Duration.ofMillis(800));
    }

    @Test
    void countsFailedRoundsUntilOneSucceeds() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 2.0);
        assertThat(backoff.failed("S", new TimeoutException("t"))).isEqualTo(Duration.ofMillis(100));
        assertThat(backoff.failed("S", new TimeoutException("t"))).isEqualTo(Duration.ofMillis(200));
        assertThat(backoff.attempts()).isEqualTo(2);
        backoff.succeeded();
        assertThat(backoff.attempts()).isZero();
    }

    @Test
    void aBrokerOrRegistryThatIsDownHealsByItselfAWrongRecordDoesNot() {
        assertThat(Backoff.transientFailure(new TimeoutException("metadata"))).isTrue();
        assertThat(Backoff.transientFailure(new SchemaRegistryException("unreachable", new ConnectException()))).isTrue();
        assertThat(Backoff.transientFailure(new SchemaRegistryException(503, 50301, "down"))).isTrue();
        assertThat(Backoff.transientFailure(new WireFormatException("cannot fetch schema id 7",
                new SchemaRegistryException(503, 50301, "down")))).isTrue();
        assertThat(Backoff.transientFailure(new SchemaRegistryException.IncompatibleSchemaException(409, "no"))).isFalse();
        assertThat(Backoff.transientFailure(new SchemaRegistryException.SchemaNotFoundException(404, "no"))).isFalse();
        assertThat(Backoff.transientFailure(new RecordTooLargeException("big"))).isFalse();
    }
}
