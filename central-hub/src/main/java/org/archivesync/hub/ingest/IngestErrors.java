package org.archivesync.hub.ingest;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.RetriableException;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * The one place that decides whether a failed batch may succeed later. Transient: the database or the registry is
 * unreachable, overloaded, restarting, or the transaction lost a deadlock; the container retries the same batch with
 * back-off. Anything else is about the data and would fail the same way again; verification failures never get here
 * (they quarantine the site instead of throwing).
 */
final class IngestErrors {

    private IngestErrors() {
    }

    /**
     * What kind of failure stopped a batch or a poll, for the retry log, the health details and the
     * {@code archivesync.ingest.errors} counter: {@code authorization} (the broker refused the hub's credential or
     * ACLs), {@code broker} (a retriable Kafka error: a timeout, a leader moving), {@code database} and
     * {@code registry} (transient, see {@link #transientFailure}), else {@code unexpected}. Every kind is retried with
     * back-off: none of them is about one record (those are set aside or quarantine their site inside ingest).
     */
    static String kind(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof AuthorizationException || t instanceof AuthenticationException) {
                return "authorization";
            }
            if (t instanceof RetriableException) {
                return "broker";
            }
            if (t instanceof SchemaRegistryException r && r.retriable()) {
                return "registry";
            }
        }
        return transientFailure(failure) ? "database" : "unexpected";
    }

    static boolean transientFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TransientDataAccessException || t instanceof RecoverableDataAccessException
                    || t instanceof CannotGetJdbcConnectionException || t instanceof CannotCreateTransactionException
                    || t instanceof SQLTransientException || t instanceof SQLRecoverableException) {
                return true;
            }
            if (t instanceof SchemaRegistryException r && r.retriable()) {
                return true;
            }
            if (t instanceof SQLException s && transientState(s.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    /**
     * SQLSTATE classes: 08 connection exception, 40 transaction rollback (serialization, deadlock), 53 insufficient
     * resources, 57 operator intervention (shutdown, cancel), 58 system error.
     */
    private static boolean transientState(String state) {
        return state != null && state.length() >= 2
                && (state.startsWith("08") || state.startsWith("40") || state.startsWith("53") || state.startsWith("57")
                    || state.startsWith("58"));
    }

    /** The innermost message, for an alert: the SQL state and the database's words, never parameters. */
    static String summary(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        if (root instanceof SQLException s) {
            String message = s.getMessage() == null ? "" : s.getMessage().lines().findFirst().orElse("");
            return "SQLSTATE " + s.getSQLState() + " " + message;
        }
        return root.getClass().getSimpleName();
    }
}
