package org.archivesync.agent.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RecordingRefusedException;
import org.archivesync.agent.recording.Refusal;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestHub;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.schemas.integrity.SiteKeys;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrollmentTest {

    static final String SITE = "CM.CAINUOC.UBND";

    TestHub hub;
    Path dir;
    AgentStore store;
    Enrollment enrollment;

    @BeforeEach
    void start() {
        hub = TestHub.start().site(SITE, "tok-123");
        dir = TestPaths.directory("enroll");
        store = AgentStore.open(dir.resolve("agent.sqlite"));
        enrollment = new Enrollment(store, Duration.ofSeconds(5), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        hub.close();
        store.close();
    }

    void assertNothingKept() throws IOException {
        assertThat(enrollment.enrolled()).isEmpty();
        assertThat(enrollment.current()).isEmpty();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .allMatch(n -> n.startsWith("agent.sqlite"), "only the database is left");
        }
    }

    @Test
    void enrollsWithAFreshKeyReadableOnlyByItsOwner() throws Exception {
        Path keyFile = dir.resolve("site-key.pk8");

        SiteIdentity identity = enrollment.enroll(hub.url(), SITE, "tok-123", keyFile);

        assertThat(identity.siteCode()).isEqualTo(SITE);
        assertThat(Files.getPosixFilePermissions(keyFile)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(dir.resolve("site-key.pk8.pending")).doesNotExist();
        // The hub got exactly the contract's fields, and the key it holds verifies what this private key signs.
        assertThat(hub.requests()).singleElement().satisfies(r -> {
            assertThat(r.propertyNames()).containsExactlyInAnyOrder("siteCode", "token", "publicKey");
            assertThat(r.path("token").asString()).isEqualTo("tok-123");
        });
        byte[] hash = new byte[32];
        assertThat(SiteKeys.verify(hub.enrolledKeys().get(0), hash, SiteKeys.sign(identity.privateKey(), hash))).isTrue();
        assertThat(identity.keyId()).isEqualTo(SiteKeys.keyId(hub.enrolledKeys().get(0)));
        SiteIdentity reloaded = enrollment.current().orElseThrow();
        assertThat(reloaded.keyId()).isEqualTo(identity.keyId());
        assertThat(reloaded.privateKey().getEncoded()).isEqualTo(identity.privateKey().getEncoded());
        assertThat(enrollment.enrolled().orElseThrow().keyFile()).isEqualTo(keyFile.toAbsolutePath());
    }

    @Test
    void anExpiredTokenIsRefusedWithAClearMessageAndNothingIsKept() throws Exception {
        assertThatThrownBy(() -> enrollment.enroll(hub.url(), SITE, "expired-token", dir.resolve("site-key.pk8")))
                .isInstanceOfSatisfying(EnrollmentException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo("enrollment.token-rejected");
                    assertThat(AgentMessages.of(Locale.ENGLISH).render(e)).contains("expired", "new token", "nothing was kept");
                    assertThat(AgentMessages.of(AgentMessages.VIETNAMESE).render(e)).contains("hết hạn", "mã mới");
                });
        assertNothingKept();
    }

    @Test
    void aTokenIsSingleUse() throws Exception {
        enrollment.enroll(hub.url(), SITE, "tok-123", dir.resolve("site-key.pk8"));
        AgentStore other = AgentStore.open(TestPaths.database("enroll-again"));
        Enrollment second = new Enrollment(other, Duration.ofSeconds(5), Clock.systemUTC());
        assertThatThrownBy(() -> second.enroll(hub.url(), SITE, "tok-123",
                other.file().resolveSibling("site-key.pk8"))).isInstanceOfSatisfying(EnrollmentException.class,
                e -> assertThat(e.messageKey()).isEqualTo("enrollment.token-rejected"));
        other.close();
    }

    @Test
    void anUnknownSiteIsReportedAndNothingIsKept() throws Exception {
        assertThatThrownBy(() -> enrollment.enroll(hub.url(), "CM.NOWHERE", "tok-123", dir.resolve("site-key.pk8")))
                .isInstanceOfSatisfying(EnrollmentException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("enrollment.unknown-site"));
        assertNothingKept();
    }

    @Test
    void anUnreachableHubIsReportedAndNothingIsKept() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        URI nowhere = URI.create("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> enrollment.enroll(nowhere, SITE, "tok-123", dir.resolve("site-key.pk8")))
                .isInstanceOfSatisfying(EnrollmentException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo("enrollment.hub-unreachable");
                    assertThat(e.getMessage()).contains("Cannot reach the hub", nowhere.toString(), "nothing was kept");
                });
        assertNothingKept();
    }

    @Test
    void plainHttpToAHubOffThisMachineIsRefusedBeforeAnythingIsGenerated() throws Exception {
        for (String url : new String[] {"http://hub.camau.example:8080", "http://10.20.0.5:8080", "HTTP://hub.example",
                "http://127.0.0.1.hub.example:8080", "http://localhost.hub.example", "ftp://hub.example"}) {
            assertThatThrownBy(() -> enrollment.enroll(URI.create(url), SITE, "tok-123", dir.resolve("site-key.pk8")))
                    .as(url).isInstanceOfSatisfying(EnrollmentException.class, e -> {
                        assertThat(e.messageKey()).isIn("enrollment.insecure-hub", "enrollment.bad-hub-url");
                        assertThat(AgentMessages.of(Locale.ENGLISH).render(e)).contains(url);
                    });
        }
        assertThatThrownBy(() -> enrollment.enroll(URI.create("http://hub.camau.example:8080"), SITE, "tok-123",
                dir.resolve("site-key.pk8"))).isInstanceOfSatisfying(EnrollmentException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo("enrollment.insecure-hub");
                    assertThat(AgentMessages.of(Locale.ENGLISH).render(e)).contains("https://", "nothing was generated or kept");
                    assertThat(AgentMessages.of(AgentMessages.VIETNAMESE).render(e)).contains("https://");
                });
        assertNothingKept();
        assertThat(hub.requests()).isEmpty();
    }

    @Test
    void theLoopbackHubOfTheDemoMayUsePlainHttp() {
        for (String host : new String[] {"127.0.0.1", "localhost", "[::1]"}) {
            assertThat(Enrollment.secureOrLoopback(URI.create("http://" + host + ":8080/registry"))).as(host).isTrue();
        }
        assertThat(Enrollment.secureOrLoopback(URI.create("https://hub.camau.example/registry"))).isTrue();
        assertThat(Enrollment.secureOrLoopback(URI.create("http://hub.camau.example/registry"))).isFalse();
        assertThat(Enrollment.secureOrLoopback(URI.create("http://127.0.0.1@hub.camau.example/"))).isFalse();
        assertThat(Enrollment.secureOrLoopback(URI.create("hub.camau.example:8080"))).isFalse();
    }

    @Test
    void aHubAnsweringAnotherKeyIdFailsEnrollmentAndNothingIsKept() throws Exception {
        hub.answeringKeyId("00112233445566ff");

        assertThatThrownBy(() -> enrollment.enroll(hub.url(), SITE, "tok-123", dir.resolve("site-key.pk8")))
                .isInstanceOfSatisfying(EnrollmentException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo("enrollment.key-id-mismatch");
                    assertThat(AgentMessages.of(Locale.ENGLISH).render(e)).contains("00112233445566ff",
                            "nothing was kept");
                });
        assertNothingKept();
    }

    @Test
    void refusesToEnrollTwiceOrToOverwriteAKey() throws Exception {
        enrollment.enroll(hub.url(), SITE, "tok-123", dir.resolve("site-key.pk8"));
        hub.site(SITE, "tok-456");
        assertThatThrownBy(() -> enrollment.enroll(hub.url(), SITE, "tok-456", dir.resolve("other.pk8")))
                .isInstanceOfSatisfying(EnrollmentException.class,
                        e -> assertThat(e.messageKey()).isEqualTo("enrollment.already-enrolled"));

        AgentStore fresh = AgentStore.open(TestPaths.database("enroll-overwrite"));
        Path existing = fresh.file().resolveSibling("site-key.pk8");
        Files.writeString(existing, "precious");
        assertThatThrownBy(() -> new Enrollment(fresh, Duration.ofSeconds(5), Clock.systemUTC())
                .enroll(hub.url(), SITE, "tok-456", existing)).isInstanceOfSatisfying(EnrollmentException.class,
                e -> assertThat(e.messageKey()).isEqualTo("enrollment.key-file-exists"));
        assertThat(Files.readString(existing)).isEqualTo("precious");
        fresh.close();
    }

    @Test
    void theRecorderRefusesUntilTheAgentIsEnrolledThenRecords() {
        Recorder recorder = new Recorder(store, enrollment.cachedIdentity(), Clock.systemUTC(), "clerk");
        RegisterFonds fonds = new RegisterFonds("F", "Phông", "UBND", null, null, null, false);
        assertThatThrownBy(() -> recorder.registerFonds(fonds)).isInstanceOfSatisfying(RecordingRefusedException.class,
                e -> assertThat(e.reason()).isEqualTo(Refusal.NOT_ENROLLED));

        enrollment.enroll(hub.url(), SITE, "tok-123", dir.resolve("site-key.pk8"));

        assertThat(recorder.registerFonds(fonds).lastSequence()).isEqualTo(1);
    }

    @Test
    void aMissingKeyFileIsReportedNotIgnored() throws Exception {
        Path keyFile = dir.resolve("site-key.pk8");
        enrollment.enroll(hub.url(), SITE, "tok-123", keyFile);
        Files.delete(keyFile);
        assertThatThrownBy(() -> enrollment.current()).isInstanceOfSatisfying(EnrollmentException.class,
                e -> assertThat(e.messageKey()).isEqualTo("identity.key-file-missing"));
    }
}
