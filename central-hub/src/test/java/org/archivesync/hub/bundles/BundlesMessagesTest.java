package org.archivesync.hub.bundles;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** Every reason a bundle is refused for is explained, in Vietnamese and in English. */
class BundlesMessagesTest {

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(BundlesMessagesTest.class.getResourceAsStream("/" + name),
                StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }

    private static Set<String> ownKeys(Properties p) {
        Set<String> keys = new TreeSet<>();
        p.stringPropertyNames().stream().filter(k -> k.startsWith("bundles.")).forEach(keys::add);
        return keys;
    }

    @Test
    void vietnameseAndEnglishHaveTheSameBundlesKeys() throws IOException {
        assertThat(ownKeys(bundle("messages_en.properties"))).isEqualTo(ownKeys(bundle("messages.properties")));
    }

    @Test
    void everyRefusalReasonHasADetail() throws IOException {
        Properties vi = bundle("messages.properties");
        for (BundleRejectedException.Reason reason : BundleRejectedException.Reason.values()) {
            assertThat(vi.getProperty(reason.messageKey() + ".detail")).as(reason.name()).isNotBlank();
        }
        assertThat(vi.getProperty("bundles.problem.rejected.title")).isNotBlank();
    }
}
