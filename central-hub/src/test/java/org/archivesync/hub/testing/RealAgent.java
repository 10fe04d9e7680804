package org.archivesync.hub.testing;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.archivesync.agent.identity.Enrollment;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.publisher.Publisher;
import org.archivesync.agent.publisher.PublisherSettings;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.hub.sites.SiteRole;

/**
 * A real site agent (the site-agent module's own store, enrollment, recorder and publisher, built with {@code new} as
 * its README says) for the hub's end-to-end tests: enrolled at the hub through the hub's REST enrollment, recording
 * into its SQLite file, publishing to the broker with its own publisher.
 */
public final class RealAgent implements AutoCloseable {

    private final AgentStore store;
    private final SiteIdentity identity;
    private final Recorder recorder;
    private Publisher publisher;

    private RealAgent(AgentStore store, SiteIdentity identity, Clock calendar) {
        this.store = store;
        this.identity = identity;
        this.recorder = new Recorder(store, () -> Optional.of(identity), Clock.systemUTC(), calendar, "cb.luutru");
    }

    /**
     * Creates the site at the hub as an operator would, issues a token, and enrolls a fresh agent with it over HTTP.
     *
     * @param hub the hub's base URL, e.g. {@code http://localhost:8080}
     * @param dir where the agent keeps its SQLite file and key file
     */
    public static RealAgent enroll(SiteDirectory sites, URI hub, Path dir, String siteCode, String unitCode) {
        return enroll(sites, hub, dir, siteCode, unitCode, Clock.systemUTC());
    }

    /**
     * As {@link #enroll(SiteDirectory, URI, Path, String, String)}, dating what it records on {@code calendar} (the
     * agent's acts clock, e.g. a {@code SimulatedCalendar}); everything else stays on the system clock.
     */
    public static RealAgent enroll(SiteDirectory sites, URI hub, Path dir, String siteCode, String unitCode,
                                   Clock calendar) {
        sites.createSite(siteCode, "Văn phòng " + siteCode, unitCode, SiteRole.COMMUNE);
        String token = sites.issueToken(siteCode).token();
        AgentStore store = AgentStore.open(dir.resolve(siteCode + ".sqlite"));
        SiteIdentity identity = new Enrollment(store, Duration.ofSeconds(10), Clock.systemUTC())
                .enroll(hub, siteCode, token, dir.resolve(siteCode + ".pk8"));
        return new RealAgent(store, identity, calendar);
    }

    /**
     * Opens a copy of an agent's store (a restored backup, a cloned PC) with the same site identity, not publishing.
     *
     * @param sqlite the copied SQLite file
     */
    public static RealAgent restore(Path sqlite, SiteIdentity identity) {
        return new RealAgent(AgentStore.open(sqlite), identity, Clock.systemUTC());
    }

    /** A consistent copy of the store at {@code to} (a backup, a cloned disk), taken while the agent runs. */
    public Path copyStoreTo(Path to) {
        // VACUUM INTO cannot run inside a transaction: a plain auto-commit connection.
        try (var c = store.dataSource().getConnection(); var s = c.createStatement()) {
            s.execute("VACUUM INTO '" + to + "'");
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException("cannot copy the agent store to " + to, e);
        }
        return to;
    }

    public Recorder recorder() {
        return recorder;
    }

    public SiteIdentity identity() {
        return identity;
    }

    public String siteCode() {
        return identity.siteCode();
    }

    public AgentStore store() {
        return store;
    }

    public Outbox outbox() {
        return new Outbox(store);
    }

    /** The last sequence recorded. */
    public long lastSequence() {
        return outbox().status().lastRecordedSequence();
    }

    /** Starts the agent's publisher against a broker and the hub's registry endpoint. */
    public RealAgent startPublishing(String bootstrapServers, String registryUrl) {
        PublisherSettings settings = PublisherSettings.defaults(bootstrapServers, registryUrl)
                .withBackoff(Duration.ofMillis(200), Duration.ofSeconds(2));
        publisher = new Publisher(outbox(), () -> Optional.of(identity), settings, Clock.systemUTC(),
                new SimpleMeterRegistry());
        publisher.start();
        return this;
    }

    /** Reads the agent's store in one snapshot. */
    public <T> T read(AgentStore.Work<T> work) {
        return store.read(work);
    }

    @Override
    public void close() {
        if (publisher != null) {
            publisher.close();
        }
        store.close();
    }
}
