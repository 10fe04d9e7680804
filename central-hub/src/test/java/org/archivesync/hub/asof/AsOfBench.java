package org.archivesync.hub.asof;

import static org.archivesync.hub.fixtures.Agent.file;
import static org.archivesync.hub.fixtures.Agent.fonds;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.archivesync.avro.SiteEvent;
import org.archivesync.hub.HubApplication;
import org.archivesync.hub.catalogue.Catalogue;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.ingest.SiteEventIngest;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The time to build a day's copy from {@code bench.events} events (default 100,000) of {@code bench.sites} offices
 * (default 20), fed through the real ingest in transactions of 500 file descriptions spread over June 2025: a copy as
 * of 30/6 (every event) and one as of 15/6 (about half). Not a test: run
 *
 * <pre>
 * ./mvnw -B -q -o -pl central-hub test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test.classpath
 * cd central-hub && java -Xmx1g -Djava.io.tmpdir=target/tmp \
 *     -cp target/test-classes:target/classes:$(cat target/test.classpath) org.archivesync.hub.asof.AsOfBench
 * </pre>
 */
public final class AsOfBench {

    private static final int EVENTS = Integer.getInteger("bench.events", 100_000);
    private static final int SITES = Integer.getInteger("bench.sites", 20);
    private static final int PER_TRANSACTION = 500;
    private static final int PORT = Integer.getInteger("bench.port", 18_093);

    private AsOfBench() {
    }

    public static void main(String[] args) {
        String url = TestDatabase.newDatabase();
        String[] settings = {"--spring.datasource.url=" + url, "--spring.datasource.username=postgres",
            "--archive-sync.hub.database.embedded=false", "--server.port=" + PORT,
            // The hub's own registry answers over HTTP, so the web server runs.
            "--archive-sync.hub.ingest.schema-registry-url=http://localhost:" + PORT + "/registry",
            "--spring.kafka.listener.auto-startup=false", "--spring.kafka.admin.auto-create=false",
            "--archive-sync.hub.outbound.publish=false", "--archive-sync.hub.progress.record-interval=1h",
            "--archive-sync.hub.search.index-interval=1h", "--logging.level.root=WARN"};
        try (ConfigurableApplicationContext hub = new SpringApplicationBuilder(HubApplication.class).run(settings)) {
            JdbcClient jdbc = hub.getBean(JdbcClient.class);
            SiteEventIngest ingest = hub.getBean(SiteEventIngest.class);
            SchemaRegistryClient registry = hub.getBean(SchemaRegistryClient.class);
            int schemaId = registry.register("archive.site-events-value", SiteEvent.getClassSchema());
            long t0 = System.nanoTime();
            List<Agent> offices = new ArrayList<>();
            for (int s = 0; s < SITES; s++) {
                Agent office = new Agent("CM.BENCH." + s).enroll(jdbc, "Văn phòng " + s, "31846", "COMMUNE");
                office.at(Instant.parse("2025-05-31T17:00:00Z"));
                ingest.ingest(office.transaction(schemaId, fonds("BF-" + s, "Phông " + s, "UBND", "31846",
                        "1990-01-01", null)));
                offices.add(office);
            }
            int perSite = EVENTS / SITES;
            // Each office's events spread evenly over June (Việt Nam days).
            long step = Duration.ofDays(30).getSeconds() / perSite;
            for (int done = 0; done < perSite; done += PER_TRANSACTION) {
                for (int s = 0; s < SITES; s++) {
                    Agent office = offices.get(s);
                    Object[] payloads = new Object[Math.min(PER_TRANSACTION, perSite - done)];
                    for (int i = 0; i < payloads.length; i++) {
                        payloads[i] = file("BF-" + s, "HS-" + (done + i), null,
                                "Hồ sơ số " + (done + i) + " của văn phòng " + s, 10);
                    }
                    office.at(Instant.parse("2025-05-31T17:00:00Z").plusSeconds(step * done));
                    ingest.ingest(office.transaction(schemaId, payloads));
                }
            }
            long events = jdbc.sql("SELECT count(*) FROM events").query(Long.class).single();
            System.out.printf(Locale.ROOT, "fed %,d events from %d offices in %.1f s%n", events, SITES,
                    (System.nanoTime() - t0) / 1e9);

            PlatformTransactionManager transactions = hub.getBean(PlatformTransactionManager.class);
            TransactionTemplate writes = new TransactionTemplate(transactions);
            writes.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
            CopyBuilder builder = new CopyBuilder(jdbc, new EventLog(jdbc, registry), hub.getBean(Catalogue.class),
                    writes);
            for (String day : List.of("2025-06-30", "2025-06-15", "2025-06-30")) {
                long b0 = System.nanoTime();
                CopyState state = builder.build(LocalDate.parse(day), (read, taken) -> { });
                double seconds = (System.nanoTime() - b0) / 1e9;
                System.out.printf(Locale.ROOT, "copy as of %s: %,d of %,d events taken in %.2f s (%,.0f events/s read)%n",
                        day, state.events(), events, seconds, events / seconds);
            }
        }
    }
}
