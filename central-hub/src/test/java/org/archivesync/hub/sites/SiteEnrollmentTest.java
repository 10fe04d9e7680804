package org.archivesync.hub.sites;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.archivesync.hub.database.TestDatabase;
import org.archivesync.hub.testing.HubTestProperties;
import org.archivesync.hub.testing.TestClock;
import org.archivesync.hub.testing.TestOperators;
import org.archivesync.schemas.integrity.SiteKey;
import org.archivesync.schemas.integrity.SiteKeys;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Sites, tokens and enrollment over HTTP as operator and agent use them, on a real PostgreSQL, with a clock we move. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SiteEnrollmentTest {

    private static final String DATABASE = TestDatabase.newDatabase();
    private static final TestClock CLOCK = new TestClock(Instant.parse("2025-07-01T01:00:00Z"));

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        HubTestProperties.database(registry, DATABASE);
        HubTestProperties.withoutListeners(registry);
        TestOperators.register(registry);
    }

    @TestConfiguration
    static class MovableTime {
        @Bean
        @Primary
        TestClock testClock() {
            return CLOCK;
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    SiteDirectory directory;

    @Autowired
    JdbcClient jdbc;

    private RestTestClient http;
    private static int sites;

    @BeforeEach
    void client() {
        // The operator's calls and the agent's enrollment alike carry the test operator's credentials; enrollment
        // needs none (SecurityRulesTest), the one-time token is what it checks.
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port)
                .defaultHeader("Authorization", TestOperators.authorization()).build();
    }

    /** A fresh site per test: tests share one database. */
    private String newSite() {
        String code = "CM.TEST" + (++sites) + ".UBND";
        directory.createSite(code, "UBND xã thử nghiệm " + sites, "32" + sites, SiteRole.COMMUNE);
        return code;
    }

    private RestTestClient.ResponseSpec enroll(String siteCode, String token, String publicKey) {
        Map<String, String> body = new java.util.HashMap<>();
        body.put("siteCode", siteCode);
        body.put("token", token);
        body.put("publicKey", publicKey);
        return http.post().uri("/api/enrollment").contentType(MediaType.APPLICATION_JSON).body(body).exchange();
    }

    private String issueToken(String siteCode) {
        return http.post().uri("/api/sites/{code}/enrollment-tokens", siteCode).exchange()
                .expectStatus().isCreated()
                .returnResult(SiteController.TokenAnswer.class).getResponseBody().token();
    }

    @Test
    void anOperatorCreatesASiteAndReadsItBack() {
        http.post().uri("/api/sites").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("siteCode", "CM.CAINUOC.UBND", "name", "UBND huyện Cái Nước", "unitCode", "32092",
                        "role", "DISTRICT_OFFICE"))
                .exchange()
                .expectStatus().isCreated()
                .expectHeader().location("/api/sites/CM.CAINUOC.UBND")
                .expectBody()
                .jsonPath("$.siteCode").isEqualTo("CM.CAINUOC.UBND")
                .jsonPath("$.name").isEqualTo("UBND huyện Cái Nước")
                .jsonPath("$.role").isEqualTo("DISTRICT_OFFICE");

        http.get().uri("/api/sites").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$[?(@.siteCode == 'CM.CAINUOC.UBND')].unitCode").isEqualTo(List.of("32092"));
        http.get().uri("/api/sites/CM.CAINUOC.UBND").exchange().expectStatus().isOk()
                .expectBody().jsonPath("$.name").isEqualTo("UBND huyện Cái Nước").jsonPath("$.keys").isEmpty();
        assertThat(directory.site("CM.CAINUOC.UBND")).get().extracting(Site::role).isEqualTo(SiteRole.DISTRICT_OFFICE);
    }

    @Test
    void aTokenNeverStartsWithADashSoTheClerksCommandLineTakesIt() {
        // Found by the demo: `enroll --token -VOab...` is read by the agent's command line as an unknown option. A
        // token is base64url (A-Z a-z 0-9 - _); one in 64 began with '-'. A thousand tokens: without the rule, the
        // chance that none begins with '-' is 1.5e-7.
        String site = newSite();
        for (int i = 0; i < 1000; i++) {
            assertThat(directory.issueToken(site).token()).doesNotStartWith("-").hasSizeGreaterThanOrEqualTo(43);
        }
    }

    @Test
    void aMalformedSiteIsRefusedNamingTheField() {
        Map<String, Map<String, String>> bad = Map.of(
                "siteCode", Map.of("siteCode", "cm.cainuoc", "name", "x", "role", "COMMUNE"),
                "name", Map.of("siteCode", "CM.NONAME", "name", " ", "role", "COMMUNE"),
                "role", Map.of("siteCode", "CM.NOROLE", "name", "x", "role", "PROVINCE"));
        bad.forEach((field, body) -> http.post().uri("/api/sites").contentType(MediaType.APPLICATION_JSON).body(body)
                .exchange()
                .expectStatus().isBadRequest()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.field").isEqualTo(field));
        assertThat(directory.site("CM.NONAME")).isEmpty();
    }

    @Test
    void aSecondSiteWithTheSameCodeIsAConflict() {
        String code = newSite();

        http.post().uri("/api/sites").contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("siteCode", code, "name", "again", "role", "COMMUNE"))
                .exchange()
                .expectStatus().isEqualTo(409)
                .expectBody().jsonPath("$.siteCode").isEqualTo(code);
    }

    @Test
    void anAgentEnrollsItsKeyWithAToken() {
        String site = newSite();
        KeyPair keys = SiteKeys.generate();
        String token = issueToken(site);

        enroll(site, token, SiteKeys.encodePublic(keys.getPublic()))
                .expectStatus().isCreated()
                .expectBody()
                .json("{\"siteCode\":\"%s\",\"keyId\":\"%s\"}".formatted(site, SiteKeys.keyId(keys.getPublic())));

        SiteKey stored = directory.findKey(SiteKeys.keyId(keys.getPublic())).orElseThrow();
        assertThat(stored.siteCode()).isEqualTo(site);
        assertThat(stored.publicKey()).isEqualTo(keys.getPublic());
        // The stored key verifies what the office's private key signs.
        byte[] hash = new byte[32];
        assertThat(SiteKeys.verify(stored.publicKey(), hash, SiteKeys.sign(keys.getPrivate(), hash))).isTrue();
        http.get().uri("/api/sites/{code}", site).exchange()
                .expectBody().jsonPath("$.keys[0].keyId").isEqualTo(stored.keyId());
    }

    @Test
    void aTokenIsShownOnceAndStoredOnlyAsItsHash() throws Exception {
        String site = newSite();

        var answer = http.post().uri("/api/sites/{code}/enrollment-tokens", site).exchange()
                .expectStatus().isCreated()
                .expectHeader().cacheControl(org.springframework.http.CacheControl.noStore())
                .returnResult(SiteController.TokenAnswer.class).getResponseBody();

        assertThat(answer.token()).matches("[A-Za-z0-9_-]{43}");
        assertThat(answer.expiresAt()).isEqualTo(CLOCK.instant().plus(Duration.ofHours(24)));
        byte[] stored = jdbc.sql("SELECT token_hash FROM enrollment_tokens WHERE site_code = :site")
                .param("site", site).query(byte[].class).single();
        assertThat(stored).isEqualTo(MessageDigest.getInstance("SHA-256").digest(answer.token().getBytes()));
        assertThat(new EnrollmentToken(answer.token(), answer.expiresAt()).toString()).doesNotContain(answer.token());
    }

    @Test
    void aTokenEnrollsOnlyOnce() {
        String site = newSite();
        String token = issueToken(site);
        enroll(site, token, SiteKeys.encodePublic(SiteKeys.generate().getPublic())).expectStatus().isCreated();

        enroll(site, token, SiteKeys.encodePublic(SiteKeys.generate().getPublic()))
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("USED");
        assertThat(directory.keys(site)).hasSize(1);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String site = newSite();
        String late = issueToken(site);
        String inTime = issueToken(site);
        CLOCK.advance(Duration.ofHours(24).minusSeconds(1));
        enroll(site, inTime, SiteKeys.encodePublic(SiteKeys.generate().getPublic())).expectStatus().isCreated();
        CLOCK.advance(Duration.ofSeconds(1));

        enroll(site, late, SiteKeys.encodePublic(SiteKeys.generate().getPublic()))
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("EXPIRED");
        assertThat(directory.keys(site)).hasSize(1);
    }

    @Test
    void aTokenOfAnotherSiteIsRefused() {
        String site = newSite();
        String other = newSite();
        String othersToken = issueToken(other);

        enroll(site, othersToken, SiteKeys.encodePublic(SiteKeys.generate().getPublic()))
                .expectStatus().isUnauthorized()
                .expectBody().jsonPath("$.reason").isEqualTo("OTHER_SITE");
        assertThat(directory.keys(site)).isEmpty();
        // The refused attempt did not use the token up for its own site.
        enroll(other, othersToken, SiteKeys.encodePublic(SiteKeys.generate().getPublic())).expectStatus().isCreated();
    }

    @Test
    void anUnknownTokenIsRefused() {
        String site = newSite();

        enroll(site, "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", SiteKeys.encodePublic(SiteKeys.generate().getPublic()))
                .expectStatus().isUnauthorized()
                .expectHeader().contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody().jsonPath("$.reason").isEqualTo("UNKNOWN");
    }

    @Test
    void aMalformedKeyIsRefusedNamingTheFieldAndLeavesTheTokenValid() {
        String site = newSite();
        String token = issueToken(site);
        String rsaKey = java.util.Base64.getEncoder().encodeToString(rsaPublicKey());

        for (String bad : new String[] {"not base64 at all!", "AAAA", rsaKey}) {
            enroll(site, token, bad)
                    .expectStatus().isBadRequest()
                    .expectBody().jsonPath("$.field").isEqualTo("publicKey");
        }
        enroll(site, token, null).expectStatus().isBadRequest().expectBody().jsonPath("$.field").isEqualTo("publicKey");
        enroll(site, token, SiteKeys.encodePublic(SiteKeys.generate().getPublic())).expectStatus().isCreated();
    }

    @Test
    void anUnknownSiteIsNotFound() {
        http.get().uri("/api/sites/CM.NOWHERE").exchange()
                .expectStatus().isNotFound().expectBody().jsonPath("$.siteCode").isEqualTo("CM.NOWHERE");
        http.post().uri("/api/sites/CM.NOWHERE/enrollment-tokens").exchange().expectStatus().isNotFound();
        enroll("CM.NOWHERE", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
                SiteKeys.encodePublic(SiteKeys.generate().getPublic()))
                .expectStatus().isNotFound();
    }

    @Test
    void aKeyEnrolledForOneSiteCannotBeEnrolledForAnother() {
        String site = newSite();
        String other = newSite();
        String key = SiteKeys.encodePublic(SiteKeys.generate().getPublic());
        enroll(site, issueToken(site), key).expectStatus().isCreated();
        String othersToken = issueToken(other);

        enroll(other, othersToken, key).expectStatus().isEqualTo(409);

        assertThat(directory.keys(other)).isEmpty();
        enroll(other, othersToken, SiteKeys.encodePublic(SiteKeys.generate().getPublic())).expectStatus().isCreated();
    }

    @Test
    void racingEnrollmentsWithOneTokenEnrollOneKey() throws Exception {
        String site = newSite();
        String token = directory.issueToken(site).token();
        int agents = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(agents);
        try {
            List<Future<SiteKey>> results = new ArrayList<>();
            for (int i = 0; i < agents; i++) {
                String key = SiteKeys.encodePublic(SiteKeys.generate().getPublic());
                results.add(pool.submit(() -> {
                    start.await();
                    return directory.enroll(site, token, key);
                }));
            }
            start.countDown();
            int enrolled = 0;
            for (Future<SiteKey> result : results) {
                try {
                    result.get(30, TimeUnit.SECONDS);
                    enrolled++;
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(InvalidEnrollmentTokenException.class)
                            .extracting("reason").isEqualTo(InvalidEnrollmentTokenException.Reason.USED);
                }
            }
            assertThat(enrolled).isEqualTo(1);
            assertThat(directory.keys(site)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void problemTitlesAreVietnameseUnlessEnglishIsAsked() {
        http.get().uri("/api/sites/CM.NOWHERE").exchange()
                .expectBody().jsonPath("$.title").isEqualTo("Không tìm thấy cơ quan")
                .jsonPath("$.detail").isEqualTo("Không có cơ quan nào mang mã CM.NOWHERE.");
        http.get().uri("/api/sites/CM.NOWHERE").header("Accept-Language", "en").exchange()
                .expectBody().jsonPath("$.title").isEqualTo("Unknown site");
    }

    @Test
    void javaCallersGetTheSameChecks() {
        assertThatThrownBy(() -> directory.createSite("CM.JAVA", "x", null, null))
                .isInstanceOf(InvalidSiteFieldException.class).extracting("field").isEqualTo("role");
        assertThatThrownBy(() -> directory.issueToken("CM.NOWHERE")).isInstanceOf(UnknownSiteException.class);
        assertThat(directory.findKey("0000000000000000")).isEmpty();
        assertThat(directory.findKey(null)).isEmpty();
    }

    @Test
    void aSiteCodeWhoseKafkaTopicWouldCollideWithAnExistingSitesIsRefused() {
        directory.createSite("CM.TOPIC_CLASH", "UBND xã thử nghiệm", null, SiteRole.COMMUNE);

        // archive.site-events.CM.TOPIC.CLASH and archive.site-events.CM.TOPIC_CLASH: Kafka refuses the second.
        assertThatThrownBy(() -> directory.createSite("CM.TOPIC.CLASH", "UBND xã khác", null, SiteRole.COMMUNE))
                .isInstanceOf(InvalidSiteFieldException.class).extracting("field").isEqualTo("siteCode");
        assertThat(directory.site("CM.TOPIC.CLASH")).isEmpty();
    }

    private static byte[] rsaPublicKey() {
        try {
            var generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(1024);
            return generator.generateKeyPair().getPublic().getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
