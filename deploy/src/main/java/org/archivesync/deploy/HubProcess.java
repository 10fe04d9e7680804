package org.archivesync.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The central hub ({@code central-hub-<version>.jar}) as a child JVM, with its embedded PostgreSQL under
 * {@code <dir>/pgdata}, and the operator's REST calls the demo and the tests need (sites, enrollment tokens and the
 * campaign, docs/contracts.md). The hub creates its first operator from {@link Settings#operator()} on start, and
 * those calls sign in as that operator with HTTP basic.
 *
 * <p>{@link #start(Settings)} returns once {@code /actuator/health/readiness} is UP, which the hub reports only while
 * its catalogue database and Kafka answer. A PostgreSQL left running by a hub that was killed is shut down first
 * ({@link OrphanPostgres}), so a restart after a crash works.
 */
final class HubProcess implements AutoCloseable {

    private static final List<String> JVM_OPTIONS = List.of("-Xms64m", "-Xmx768m", "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1", "-Djava.awt.headless=true", "-Dfile.encoding=UTF-8");

    private final Settings settings;
    private final ChildJvm jvm;

    /**
     * How to run the hub.
     *
     * @param jar the hub's Spring Boot jar; never null
     * @param dir holds {@code pgdata/} (the catalogue) and {@code tmp/} (the PostgreSQL binaries zonky unpacks);
     *            never null
     * @param port HTTP port (console, REST, registry, actuator); never 0
     * @param databasePort port of the embedded PostgreSQL; never 0, so tests can reach it and a restart reuses it
     * @param kafkaBootstrap {@code host:port} of the broker; never null
     * @param operator the hub's initial operator, whom the REST calls sign in as; never null
     * @param logFile where the hub's output goes; never null
     * @param extraArgs more {@code --key=value} settings; never null
     * @param startTimeout how long to wait for readiness; never null
     * @param externalDatabase a PostgreSQL server the hub uses instead of its embedded one
     *                         ({@code archive-sync.hub.database.embedded=false}); null for the embedded one, which
     *                         {@code dir} and {@code databasePort} are then about
     */
    record Settings(Path jar, Path dir, int port, int databasePort, String kafkaBootstrap, Operator operator,
                    Path logFile, List<String> extraArgs, Duration startTimeout, ExternalDatabase externalDatabase) {

        /** With the embedded database. */
        Settings(Path jar, Path dir, int port, int databasePort, String kafkaBootstrap, Operator operator,
                 Path logFile, List<String> extraArgs, Duration startTimeout) {
            this(jar, dir, port, databasePort, kafkaBootstrap, operator, logFile, extraArgs, startTimeout, null);
        }

        Settings withExtraArgs(List<String> more) {
            List<String> all = new ArrayList<>(extraArgs);
            all.addAll(more);
            return new Settings(jar, dir, port, databasePort, kafkaBootstrap, operator, logFile, List.copyOf(all),
                    startTimeout, externalDatabase);
        }

        /** The hub on {@code database} instead of its embedded PostgreSQL. */
        Settings withExternalDatabase(ExternalDatabase database) {
            return new Settings(jar, dir, port, databasePort, kafkaBootstrap, operator, logFile, extraArgs,
                    startTimeout, database);
        }
    }

    /**
     * A PostgreSQL server for the catalogue ({@code spring.datasource.*}). The password goes to the hub in its
     * environment ({@code SPRING_DATASOURCE_PASSWORD}), not on its command line, where other accounts could read it.
     *
     * @param jdbcUrl without credentials; never null
     * @param username never null
     * @param password never null
     */
    record ExternalDatabase(String jdbcUrl, String username, String password) {

        /** The chaos suite's server, as its superuser. */
        static ExternalDatabase of(PostgresServer server) {
            return new ExternalDatabase(server.jdbcUrlWithoutCredentials(), PostgresServer.USER, server.password());
        }

        @Override
        public String toString() {
            return "ExternalDatabase[" + jdbcUrl + " as " + username + "]";
        }
    }

    /**
     * The hub's first operator ({@code archive-sync.hub.security.initial-operator}): the hub creates it on its first
     * start, and it signs in to the console and the REST API with the password on the first line of the file.
     *
     * @param username never null
     * @param passwordFile never null; the file exists
     */
    record Operator(String username, Path passwordFile) {

        /**
         * The operator with the password in {@code passwordFile}, which is generated there (random, readable by this
         * account only) when the file does not exist yet, and kept for the next runs.
         */
        static Operator withGeneratedPassword(String username, Path passwordFile) {
            if (!Files.exists(passwordFile)) {
                byte[] random = new byte[18];
                new SecureRandom().nextBytes(random);
                String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                try {
                    Files.createDirectories(passwordFile.toAbsolutePath().getParent());
                    Files.writeString(passwordFile, password + "\n", StandardCharsets.UTF_8);
                    Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
                } catch (UnsupportedOperationException e) {
                    // Not a POSIX file system (Windows): the file stays in the user's own directory.
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot write the operator's password file " + passwordFile, e);
                }
            }
            return new Operator(username, passwordFile);
        }

        /** The hub's settings that create this operator on start. */
        List<String> hubArgs() {
            return List.of("--archive-sync.hub.security.initial-operator.username=" + username,
                    "--archive-sync.hub.security.initial-operator.password-file=" + passwordFile.toAbsolutePath());
        }

        /** The HTTP basic {@code Authorization} header signing in as this operator. */
        Map<String, String> authorization() {
            String text;
            try {
                text = Files.readString(passwordFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the operator's password file " + passwordFile, e);
            }
            // The first line, as the hub reads it.
            int end = text.indexOf('\n');
            String password = (end < 0 ? text : text.substring(0, end)).strip();
            return Map.of("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    (username + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
    }

    private HubProcess(Settings settings, ChildJvm jvm) {
        this.settings = settings;
        this.jvm = jvm;
    }

    /**
     * Starts the hub and waits until it is ready.
     *
     * @throws LocalStackException when it exits or is not ready within the timeout; it is stopped then
     */
    static HubProcess start(Settings settings) {
        return start(settings, "UP");
    }

    /**
     * Starts a second hub on the same catalogue database and broker, which waits as a hot standby: returns once its
     * readiness says {@code STANDBY} (or {@code UP}, when it took the leader lock at once).
     *
     * @param settings with the {@link Settings#externalDatabase()} the first hub uses; never null
     */
    static HubProcess startStandby(Settings settings) {
        return start(settings, "STANDBY");
    }

    private static HubProcess start(Settings settings, String readyWhen) {
        Path pgdata = settings.dir().resolve("pgdata").toAbsolutePath();
        ExternalDatabase external = settings.externalDatabase();
        if (external == null) {
            OrphanPostgres.stop(pgdata, Duration.ofSeconds(30));
        }
        List<String> jvmOptions = new ArrayList<>(JVM_OPTIONS);
        // Zonky unpacks the PostgreSQL binaries under java.io.tmpdir: keep them with the hub's data, not in /tmp.
        jvmOptions.add("-Djava.io.tmpdir=" + settings.dir().resolve("tmp").toAbsolutePath());
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + settings.port(),
                // One machine: the console, REST API and registry answer on loopback only.
                "--server.address=127.0.0.1",
                "--spring.kafka.bootstrap-servers=" + settings.kafkaBootstrap()));
        Map<String, String> env = Map.of();
        if (external == null) {
            args.add("--archive-sync.hub.database.data-dir=" + pgdata);
            args.add("--archive-sync.hub.database.port=" + settings.databasePort());
        } else {
            args.add("--archive-sync.hub.database.embedded=false");
            args.add("--spring.datasource.url=" + external.jdbcUrl());
            args.add("--spring.datasource.username=" + external.username());
            env = Map.of("SPRING_DATASOURCE_PASSWORD", external.password());
        }
        args.addAll(settings.operator().hubArgs());
        args.addAll(settings.extraArgs());
        try {
            Files.createDirectories(settings.dir().resolve("tmp"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ChildJvm jvm = ChildJvm.start("hub", settings.jar(), jvmOptions, args, settings.dir(), settings.logFile(), env);
        HubProcess hub = new HubProcess(settings, jvm);
        try {
            hub.awaitReady(readyWhen);
            return hub;
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
    }

    private void awaitReady(String readyWhen) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        String readiness = url() + "/actuator/health/readiness";
        while (true) {
            if (!jvm.isAlive()) {
                throw new LocalStackException("the hub exited with code " + jvm.exitValue() + " during start-up; "
                        + jvm.tail(8));
            }
            Http.Response r = Http.get(readiness, Duration.ofSeconds(5));
            if (r.status() == 200 && (r.body().contains("\"UP\"") || r.body().contains("\"" + readyWhen + "\""))) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new LocalStackException("the hub was not ready within " + settings.startTimeout() + " (last answer "
                        + r.status() + " " + Http.abbreviated(r.body()) + "); " + jvm.tail(8));
            }
            Pause.millis(500);
        }
    }

    String url() {
        return "http://localhost:" + settings.port();
    }

    /**
     * The catalogue database, as the test reads it: the superuser with the password the hub generated into
     * {@link #databasePasswordFile()} on its first start; with {@link Settings#externalDatabase()}, that server's URL
     * with its credentials.
     */
    String jdbcUrl() {
        ExternalDatabase external = settings.externalDatabase();
        if (external != null) {
            return external.jdbcUrl() + (external.jdbcUrl().contains("?") ? "&" : "?") + "user="
                    + URLEncoder.encode(external.username(), StandardCharsets.UTF_8) + "&password="
                    + URLEncoder.encode(external.password(), StandardCharsets.UTF_8);
        }
        String password;
        try {
            String text = Files.readString(databasePasswordFile(), StandardCharsets.US_ASCII);
            int end = text.indexOf('\n');
            password = (end < 0 ? text : text.substring(0, end)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the hub's database password " + databasePasswordFile(), e);
        }
        return "jdbc:postgresql://localhost:" + settings.databasePort() + "/postgres?user=postgres&password="
                + URLEncoder.encode(password, StandardCharsets.UTF_8);
    }

    /** The embedded PostgreSQL's password file, next to {@code pgdata/} (archive-sync.hub.database.password-file). */
    Path databasePasswordFile() {
        return settings.dir().resolve("db-password").toAbsolutePath();
    }

    long pid() {
        return jvm.pid();
    }

    /** Freezes the hub (SIGSTOP): its connections stay open, it answers nothing, its Kafka session expires. */
    void pause() {
        jvm.pause();
    }

    /** Lets a {@linkplain #pause() frozen} hub go on (SIGCONT). */
    void resume() {
        jvm.resume();
    }

    boolean isAlive() {
        return jvm.isAlive();
    }

    Path logFile() {
        return jvm.logFile();
    }

    Settings settings() {
        return settings;
    }

    /** The site as the hub knows it, or empty. */
    Optional<JsonNode> site(String siteCode) {
        Http.Response r = Http.get(url() + "/api/sites/" + siteCode, signedIn(), Duration.ofSeconds(30));
        if (r.status() == 404) {
            return Optional.empty();
        }
        if (!r.ok()) {
            throw new LocalStackException("GET /api/sites/" + siteCode + " answered " + r.status() + ": "
                    + Http.abbreviated(r.body()));
        }
        return Optional.of(r.json());
    }

    /**
     * Creates a site ({@code POST /api/sites}).
     *
     * @param unitCode the administrative unit's code, or null when it is not in the reference data
     * @return true when created, false when it already existed
     */
    boolean createSite(String siteCode, String name, String unitCode, String role) {
        ObjectNode body = Http.object().put("siteCode", siteCode).put("name", name).put("unitCode", unitCode)
                .put("role", role);
        Http.Response r = Http.post(url() + "/api/sites", body, signedIn(), Duration.ofSeconds(30));
        if (r.status() == 409) {
            return false;
        }
        if (!r.ok()) {
            throw new LocalStackException("creating site " + siteCode + " answered " + r.status() + ": "
                    + Http.abbreviated(r.body()));
        }
        return true;
    }

    /** A one-time enrollment token for the site. */
    String issueToken(String siteCode) {
        Http.Response r = Http.post(url() + "/api/sites/" + siteCode + "/enrollment-tokens", null, signedIn(),
                Duration.ofSeconds(30));
        if (!r.ok()) {
            throw new LocalStackException("issuing a token for " + siteCode + " answered " + r.status() + ": "
                    + Http.abbreviated(r.body()));
        }
        return r.json().path("token").asText();
    }

    /**
     * Creates the campaign or replaces it with its milestones ({@code PUT /api/campaigns/{code}}), so calling it on
     * every run leaves one campaign as given.
     *
     * @param campaign never null
     * @throws LocalStackException when the hub refuses it
     */
    void saveCampaign(CaMauOffices.Campaign campaign) {
        ObjectNode body = Http.object().put("campaignCode", campaign.code()).put("name", campaign.name())
                .put("startsOn", campaign.startsOn().toString());
        ArrayNode milestones = body.putArray("milestones");
        for (CaMauOffices.Milestone m : campaign.milestones()) {
            ObjectNode milestone = milestones.addObject().put("kind", m.kind()).put("name", m.name())
                    .put("dueOn", m.dueOn().toString());
            ArrayNode dates = milestone.putArray("dates");
            m.dates().forEach(d -> dates.addObject().put("scope", d.scope()).put("code", d.code())
                    .put("dueOn", d.dueOn().toString()));
        }
        Http.Response r = Http.put(url() + "/api/campaigns/" + campaign.code(), body, signedIn(),
                Duration.ofSeconds(30));
        if (!r.ok()) {
            throw new LocalStackException("saving campaign " + campaign.code() + " answered " + r.status() + ": "
                    + Http.abbreviated(r.body()));
        }
    }

    /**
     * One view of a campaign's progress ({@code GET /api/campaigns/{code}/progress}), all rows.
     *
     * @param by SITE, DISTRICT or UNIT
     * @param asOf the day the figures are as of
     * @throws LocalStackException when the hub refuses
     */
    JsonNode progress(String campaignCode, String by, java.time.LocalDate asOf) {
        Http.Response r = Http.get(url() + "/api/campaigns/" + campaignCode + "/progress?size=200&by=" + by + "&asOf="
                + asOf, signedIn(), Duration.ofMinutes(5));
        if (!r.ok()) {
            throw new LocalStackException("progress of " + campaignCode + " by " + by + " as of " + asOf
                    + " answered " + r.status() + ": " + Http.abbreviated(r.body()));
        }
        return r.json();
    }

    /**
     * Every file of a fonds as the catalogue's REST API gives it ({@code GET /api/files?fonds=}), page by page: those
     * held, and those destroyed (which the search leaves out unless asked for by custody).
     */
    List<JsonNode> files(String fondsCode) {
        List<JsonNode> all = files(fondsCode, "");
        all.addAll(files(fondsCode, "&custody=DESTROYED"));
        return all;
    }

    private List<JsonNode> files(String fondsCode, String criteria) {
        List<JsonNode> all = new ArrayList<>();
        for (int page = 0; ; page++) {
            String path = "/api/files?size=500&page=" + page + criteria + "&fonds="
                    + URLEncoder.encode(fondsCode, StandardCharsets.UTF_8);
            Http.Response r = Http.get(url() + path, signedIn(), Duration.ofSeconds(30));
            if (!r.ok()) {
                throw new LocalStackException("GET " + path + " answered " + r.status() + ": " + Http.abbreviated(r.body()));
            }
            JsonNode items = r.json().path("items");
            items.forEach(all::add);
            if (page + 1 >= r.json().path("totalPages").asInt()) {
                return all;
            }
        }
    }

    /** The header of a REST call made as the initial operator. */
    private Map<String, String> signedIn() {
        return settings.operator().authorization();
    }

    /** Stops the hub cleanly: Spring closes the ingest, then the embedded PostgreSQL. */
    void stop() {
        jvm.stop(Duration.ofSeconds(60));
    }

    /** {@code kill -9}: the embedded PostgreSQL keeps running until the next {@link #start(Settings)} stops it. */
    void kill() {
        jvm.kill();
    }

    @Override
    public void close() {
        jvm.close();
    }
}
