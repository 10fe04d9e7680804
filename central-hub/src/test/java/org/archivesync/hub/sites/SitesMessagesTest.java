package org.archivesync.hub.sites;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The texts this feature answers with exist in Vietnamese and in English. */
class SitesMessagesTest {

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(SitesMessagesTest.class.getResourceAsStream("/" + name), StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static Set<String> ownKeys(Properties p) {
        Set<String> keys = new TreeSet<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("sites.")).forEach(keys::add);
        return keys;
    }

    @Test
    void vietnameseAndEnglishHaveTheSameSitesKeys() throws IOException {
        assertThat(ownKeys(bundle("messages_en.properties"))).isEqualTo(ownKeys(bundle("messages.properties")));
    }

    @Test
    void everyFieldThatCanBeRefusedHasADetail() throws IOException {
        Properties vi = bundle("messages.properties");
        for (String field : List.of("siteCode", "name", "role", "token", "publicKey")) {
            assertThat(vi.getProperty("sites.problem.invalid-field." + field + ".detail")).as(field).isNotBlank();
        }
    }
}
