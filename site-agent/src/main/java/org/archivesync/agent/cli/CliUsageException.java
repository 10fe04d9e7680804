package org.archivesync.agent.cli;

/** A CLI command cannot run as given; the message is already in the user's language. Exit code 2. */
class CliUsageException extends RuntimeException {

    CliUsageException(String localizedMessage) {
        super(localizedMessage);
    }
}
