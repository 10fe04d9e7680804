package org.archivesync.hub.sites;

import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.archivesync.hub.ingest.IngestReport;
import org.archivesync.hub.security.Role;
import org.archivesync.hub.security.Users;
import org.archivesync.hub.testing.TestOperators;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * Rotation and revocation of an office's key (docs/contracts.md, Keys), through the real ingest and the REST API on
 * the real PostgreSQL: what a key may sign after it is retired, and that nothing a stolen key sends stops the office.
 */
class KeyLifecycleTest extends DomainTest {

    @Autowired
    Users users;

    @Autowired
    org.springframework.context.MessageSource messages;

    @Test
    void aRotationEnrollsTheNewKeyAndItsFirstSignatureRetiresTheOldOne() {
        Agent office = site("XOAY", "CM.32044", "COMMUNE");
        String oldKey = office.keyId();
        record(office, fonds("XK-" + unique(), "Phông UBND xã", "UBND xã", "CM.32044", "2001-01-01", null));

        var announcement = office.announceNextKey();
        record(office, announcement);
        String newKey = announcement.getNewKeyId();
        Map<String, Object> announced = key(newKey);
        assertThat(announced).containsEntry("site_code", office.siteCode).containsEntry("valid_from_sequence", 3L)
                .containsEntry("announced_by", oldKey);
        assertThat(key(oldKey).get("revoked_at")).as("the old key signs until the new one is used").isNull();

        // The old key still signs while the agent waits for the hub's cursor.
        record(office, fonds("XK-" + unique(), "Phông 2", "UBND xã", "CM.32044", "2001-01-01", null));
        office.useNextKey();
        IngestReport withNew = record(office, fonds("XK-" + unique(), "Phông 3", "UBND xã", "CM.32044", "2001-01-01", null));

        assertThat(withNew.applied()).isEqualTo(1);
        assertThat(key(oldKey)).containsEntry("valid_through_sequence", 3L).containsEntry("retired_reason", "ROTATED");
        assertThat(cursor(office)).isEqualTo(4);
    }

    @Test
    void eventsSignedWithARevokedKeyAfterItsRevocationAreSetAsideAndAlertedWithoutStoppingTheOffice() {
        Agent office = site("THUHOI", "CM.32045", "COMMUNE");
        record(office, fonds("TH-" + unique(), "Phông UBND xã", "UBND xã", "CM.32045", "2001-01-01", null));

        http.post().uri("/api/sites/" + office.siteCode + "/keys/" + office.keyId() + "/revocation")
                .exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.retiredReason").isEqualTo("REVOKED")
                .jsonPath("$.validThroughSequence").isEqualTo(1)
                .jsonPath("$.retiredBy").isNotEmpty();

        IngestReport afterRevocation = ingest.ingest(office.transaction(schemaId,
                fonds("TH-" + unique(), "Phông giả", "UBND xã", "CM.32045", "2001-01-01", null)));

        assertThat(afterRevocation.applied()).isZero();
        assertThat(afterRevocation.quarantinedSites()).as("a stolen key cannot stop the office").isEmpty();
        assertThat(cursor(office)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT reason FROM set_aside_records WHERE site_code = :s").param("s", office.siteCode)
                .query(String.class).list()).containsExactly("KEY_REVOKED");
        assertThat(jdbc.sql("SELECT detail FROM alerts WHERE site_code = :s AND kind = 'REVOKED_KEY_USED'")
                .param("s", office.siteCode).query(String.class).list()).singleElement().asString()
                .contains("someone else holds that key");
        assertThat(jdbc.sql("SELECT outcome FROM audit_log WHERE action = 'REVOKE-KEY' AND target = :t")
                .param("t", office.siteCode + " " + office.keyId()).query(String.class).list())
                .containsExactly("OK validThroughSequence=1");
    }

    @Test
    void aRevocationMayAdmitABacklogTheOperatorCheckedButNeverTakesBackWhatIsApplied() {
        Agent office = site("TONDONG", "CM.32046", "COMMUNE");
        record(office, fonds("TD-" + unique(), "Phông", "UBND xã", "CM.32046", "2001-01-01", null));
        record(office, fonds("TD-" + unique(), "Phông", "UBND xã", "CM.32046", "2001-01-01", null));
        String uri = "/api/sites/" + office.siteCode + "/keys/" + office.keyId() + "/revocation";

        http.post().uri(uri).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body("{\"validThroughSequence\": 1}").exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.field").isEqualTo("validThroughSequence");
        http.post().uri(uri).contentType(org.springframework.http.MediaType.APPLICATION_JSON)
                .body("{\"validThroughSequence\": 3}").exchange().expectStatus().isOk();

        // The office's offline backlog: sequence 3 is still admitted, 4 is not.
        assertThat(record(office, fonds("TD-" + unique(), "Phông", "UBND xã", "CM.32046", "2001-01-01", null)).applied())
                .isEqualTo(1);
        assertThat(ingest.ingest(office.transaction(schemaId,
                fonds("TD-" + unique(), "Phông", "UBND xã", "CM.32046", "2001-01-01", null))).applied()).isZero();
        assertThat(cursor(office)).isEqualTo(3);

        http.post().uri(uri).exchange().expectStatus().isBadRequest().expectBody()
                .jsonPath("$.field").isEqualTo("keyId");
        http.post().uri("/api/sites/" + office.siteCode + "/keys/0123456789abcdef/revocation").exchange()
                .expectStatus().isNotFound();
    }

    @Test
    void onlyAnOperatorRevokesAKey() {
        Agent office = site("QUYEN", "CM.32047", "COMMUNE");
        String name = "luutru" + unique();
        users.create(name, null, "mat-khau-luu-tru-12".toCharArray(), Role.ARCHIVIST, "test");
        String archivist = "Basic " + Base64.getEncoder().encodeToString(
                (name + ":mat-khau-luu-tru-12").getBytes(StandardCharsets.UTF_8));
        RestTestClient anonymous = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
        String uri = "/api/sites/" + office.siteCode + "/keys/" + office.keyId() + "/revocation";

        anonymous.post().uri(uri).exchange().expectStatus().isForbidden();
        anonymous.post().uri(uri).header("Authorization", archivist).exchange().expectStatus().isForbidden();

        assertThat(key(office.keyId()).get("revoked_at")).isNull();
    }

    @Test
    void anOperatorRevokesAKeyFromTheSitesPage() throws Exception {
        Agent office = site("TRANGCOQUAN", "CM.32048", "COMMUNE");
        record(office, fonds("TC-" + unique(), "Phông", "UBND xã", "CM.32048", "2001-01-01", null));
        // As a browser: the page (with the form and its CSRF token in the session), then the form.
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> page = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/sites")).header("Authorization", TestOperators.authorization())
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(page.body()).contains("id=\"revoke-" + office.keyId() + "\"").contains("ký từ số thứ tự 1");
        Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page.body());
        assertThat(token.find()).isTrue();

        HttpResponse<String> posted = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/sites/" + office.siteCode + "/keys/" + office.keyId() + "/revoke"))
                .header("Authorization", TestOperators.authorization())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("_csrf=" + URLEncoder.encode(token.group(1),
                        StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(posted.statusCode()).isEqualTo(302);
        assertThat(key(office.keyId())).containsEntry("retired_reason", "REVOKED")
                .containsEntry("valid_through_sequence", 1L).containsEntry("retired_by", TestOperators.USERNAME);
        HttpResponse<String> after = browser.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port
                        + "/sites")).header("Authorization", TestOperators.authorization())
                .header("Accept", "text/html").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.body()).contains("đã thu hồi sau số thứ tự 1")
                .doesNotContain("id=\"revoke-" + office.keyId() + "\"");
    }

    @Test
    void sequencesOnTheSitesPageAreNotGroupedLikeAmounts() {
        for (java.util.Locale locale : java.util.List.of(java.util.Locale.forLanguageTag("vi"), java.util.Locale.ENGLISH)) {
            assertThat(messages.getMessage("sites.key-valid", new Object[] {1067L}, locale)).contains("1067");
            assertThat(messages.getMessage("sites.key-retired", new Object[] {"x", 1066L, "t"}, locale)).contains("1066");
            assertThat(messages.getMessage("sites.key-revoked", new Object[] {"k", 12345L}, locale)).contains("12345");
        }
    }

    private Map<String, Object> key(String keyId) {
        return jdbc.sql("SELECT * FROM site_keys WHERE key_id = :k").param("k", keyId).query().singleRow();
    }

    private long cursor(Agent office) {
        return jdbc.sql("SELECT last_sequence FROM site_cursors WHERE site_code = :s").param("s", office.siteCode)
                .query(Long.class).single();
    }
}
