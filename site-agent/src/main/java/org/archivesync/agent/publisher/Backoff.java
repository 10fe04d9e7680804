package org.archivesync.agent.publisher;

import java.time.Duration;
import org.apache.kafka.common.errors.RetriableException;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides how long to wait after a failed round and logs each retry with its count. Every failure is retried, since
 * the outbox must drain eventually; what differs is who is told: a broker or registry that is down is a warning (it
 * heals by itself), anything else (a schema the registry refuses, a record the broker will never take) is an error a
 * person must act on.
 */
final class Backoff {

    private static final Logger log = LoggerFactory.getLogger(Backoff.class);

    private final Duration initial;
    private final Duration max;
    private final double multiplier;
    private int attempts;

    Backoff(Duration initial, Duration max, double multiplier) {
        this.initial = initial;
        this.max = max;
        this.multiplier = multiplier;
    }

    /** Records a failed round and returns the pause before the next one. */
    Duration failed(String siteCode, Throwable error) {
        attempts++;
        Duration delay = delay(attempts);
        if (transientFailure(error)) {
            log.warn("publish round failed, retrying siteCode={} attempt={} retryInMs={} error={}", siteCode, attempts,
                    delay.toMillis(), describe(error));
        } else {
            log.error("publish round failed and will not heal by itself, retrying siteCode={} attempt={} retryInMs={} error={}",
                    siteCode, attempts, delay.toMillis(), describe(error));
        }
        return delay;
    }

    void succeeded() {
        attempts = 0;
    }

    int attempts() {
        return attempts;
    }

    Duration delay(int attempt) {
        double millis = initial.toMillis() * Math.pow(multiplier, Math.max(0, attempt - 1));
        return millis >= max.toMillis() ? max : Duration.ofMillis((long) millis);
    }

    static boolean transientFailure(Throwable error) {
        Throwable e = error;
        while (e != null) {
            if (e instanceof RetriableException) {
                return true;
            }
            if (e instanceof SchemaRegistryException r) {
                return r.retriable();
            }
            if (e instanceof org.apache.kafka.common.errors.TimeoutException || e instanceof java.io.IOException) {
                return true;
            }
            e = e.getCause();
        }
        return false;
    }

    /** Exception class and message only: Kafka's messages name topics and partitions, never record contents. */
    static String describe(Throwable error) {
        Throwable root = error;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return text.length() > 300 ? text.substring(0, 300) : text;
    }
}
