package org.archivesync.hub.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.Test;

/** The REST API is documented by OpenAPI, and every text it answers with exists in Vietnamese and in English. */
class DomainApiTest extends DomainTest {

    private static final List<String> FEATURES = List.of("api.", "lineage.", "exports.");

    @Test
    void openApiDocumentsEveryDomainEndpoint() {
        http.get().uri("/v3/api-docs").exchange().expectStatus().isOk().expectBody()
                .jsonPath("$.paths['/api/units/{unit}'].get").exists()
                .jsonPath("$.paths['/api/units/{unit}/files'].get.parameters[?(@.name == 'size')].schema.maximum")
                .isEqualTo(List.of(500))
                .jsonPath("$.paths['/api/reference/{kind}'].post").exists()
                .jsonPath("$.paths['/api/handovers/overdue'].get").exists()
                .jsonPath("$.paths['/api/fonds/{fondsCode}/boxes/{boxCode}/custody'].get").exists()
                .jsonPath("$.paths['/api/destroyed-files'].get").exists()
                .jsonPath("$.paths['/api/destructions/refused'].get").exists()
                .jsonPath("$.paths['/api/campaigns/{code}/progress'].get").exists()
                .jsonPath("$.paths['/api/files'].get").exists()
                .jsonPath("$.paths['/api/fonds/{fondsCode}/file-list.xlsx'].get").exists()
                .jsonPath("$.paths['/api/handovers/{id}/minutes.pdf'].get").exists();
        http.get().uri("/swagger-ui/index.html").exchange().expectStatus().isOk();
    }

    @Test
    void vietnameseAndEnglishHaveTheSameKeysOfTheDomainFeatures() throws IOException {
        assertThat(keys("messages_en.properties")).isEqualTo(keys("messages.properties")).isNotEmpty();
    }

    private static Set<String> keys(String bundle) throws IOException {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(DomainApiTest.class.getResourceAsStream("/" + bundle), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        Set<String> keys = new TreeSet<>();
        p.stringPropertyNames().stream().filter(k -> FEATURES.stream().anyMatch(k::startsWith)).forEach(keys::add);
        return keys;
    }
}
