package org.archivesync.deploy;

/** An invariant of the chaos suite did not hold: the message says which office, which figure, expected and found. */
final class ChaosFailure extends RuntimeException {

    ChaosFailure(String message) {
        super(message);
    }

    ChaosFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
