package org.archivesync.hub.outbound;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** Wakes the publisher after a commit wrote to the outbox; wakes coalesce. */
final class OutboxSignal {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean pending;

    void wake() {
        lock.lock();
        try {
            pending = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until woken or {@code millis} passed; returns at once when a wake came since the last call. */
    void await(long millis) throws InterruptedException {
        lock.lock();
        try {
            long nanos = TimeUnit.MILLISECONDS.toNanos(millis);
            while (!pending && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }
}
