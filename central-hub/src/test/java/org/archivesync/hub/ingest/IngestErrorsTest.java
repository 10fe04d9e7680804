package org.archivesync.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;

/** Which failed batches the container retries with back-off, and which are about the data. */
class IngestErrorsTest {

    @Test
    void databaseOutagesAndDeadlocksAreRetried() {
        assertThat(IngestErrors.transientFailure(new CannotGetJdbcConnectionException("pool exhausted",
                new SQLTransientConnectionException("timeout")))).isTrue();
        assertThat(IngestErrors.transientFailure(new UncategorizedSQLException("copy", "COPY",
                new SQLException("connection reset", "08006")))).isTrue();
        assertThat(IngestErrors.transientFailure(new UncategorizedSQLException("update", "UPDATE",
                new SQLException("deadlock detected", "40P01")))).isTrue();
        assertThat(IngestErrors.transientFailure(new UncategorizedSQLException("update", "UPDATE",
                new SQLException("terminating connection due to administrator command", "57P01")))).isTrue();
    }

    @Test
    void anUnreachableRegistryIsRetriedAnUnknownSchemaIsNot() {
        assertThat(IngestErrors.transientFailure(new SchemaRegistryException(503, 50001, "store down"))).isTrue();
        assertThat(IngestErrors.transientFailure(new SchemaRegistryException("connection refused", null))).isTrue();
        assertThat(IngestErrors.transientFailure(new SchemaRegistryException(404, 40403, "no schema 7"))).isFalse();
    }

    @Test
    void constraintViolationsAreAboutTheData() {
        DataIntegrityViolationException violation = new DataIntegrityViolationException("check",
                new SQLException("new row for relation \"files\" violates check constraint \"x\"\n  Detail: Failing row"
                        + " contains (secret title)", "23514"));
        assertThat(IngestErrors.transientFailure(violation)).isFalse();
        assertThat(IngestErrors.summary(violation)).startsWith("SQLSTATE 23514").doesNotContain("secret title");
    }

    @Test
    void eachFailureIsNamedByItsKindForHealthAndMetrics() {
        assertThat(IngestErrors.kind(new org.springframework.kafka.listener.ListenerExecutionFailedException("listener",
                new org.apache.kafka.common.errors.TopicAuthorizationException("not authorized")))).isEqualTo("authorization");
        assertThat(IngestErrors.kind(new org.apache.kafka.common.errors.SaslAuthenticationException("bad password")))
                .isEqualTo("authorization");
        assertThat(IngestErrors.kind(new org.apache.kafka.common.errors.TimeoutException("fetch"))).isEqualTo("broker");
        assertThat(IngestErrors.kind(new SchemaRegistryException(503, 50001, "store down"))).isEqualTo("registry");
        assertThat(IngestErrors.kind(new CannotGetJdbcConnectionException("pool exhausted", new SQLException("x", "08001"))))
                .isEqualTo("database");
        assertThat(IngestErrors.kind(new IllegalStateException("wrapped", new ClassCastException("A cannot be cast to B"))))
                .isEqualTo("unexpected");
    }
}
