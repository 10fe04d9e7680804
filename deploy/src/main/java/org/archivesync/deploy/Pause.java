package org.archivesync.deploy;

/** The pause between two polls of a component that is starting or catching up. */
final class Pause {

    private Pause() {
    }

    /** Sleeps; an interrupt ends the wait early and is kept for the caller to see. */
    static void millis(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LocalStackException("interrupted while waiting", e);
        }
    }
}
