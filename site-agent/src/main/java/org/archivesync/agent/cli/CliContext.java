package org.archivesync.agent.cli;

import java.time.Duration;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.store.AgentStore;

/** What a CLI command works on: the store at {@code --db} and the features over it. */
record CliContext(AgentStore store, Enrollment enrollment, Outbox outbox) {

    static CliContext open(AgentCli cli) {
        AgentStore store = AgentStore.open(cli.db);
        return new CliContext(store, new Enrollment(store, Duration.ofSeconds(30), cli.clock), new Outbox(store));
    }
}
