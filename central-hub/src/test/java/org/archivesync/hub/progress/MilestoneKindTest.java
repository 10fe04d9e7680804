package org.archivesync.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Properties;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Every milestone kind is named and says what it measures in both languages, and the API accepts exactly the kinds. */
class MilestoneKindTest {

    @Test
    void everyKindIsNamedAndSaysWhatItMeasuresInBothLanguages() throws IOException {
        for (String bundle : new String[] {"messages.properties", "messages_en.properties"}) {
            Properties p = load(bundle);
            for (MilestoneKind k : MilestoneKind.values()) {
                assertThat(p.getProperty("milestone.kind." + k)).as(bundle + " " + k).isNotBlank();
                assertThat(p.getProperty("milestone.kind." + k + ".measures")).as(bundle + " " + k).isNotBlank();
            }
            for (Progress.MilestoneStatus s : Progress.MilestoneStatus.values()) {
                assertThat(p.getProperty("milestone.status." + s)).as(bundle + " " + s).isNotBlank();
            }
        }
    }

    @Test
    void theApiAcceptsExactlyTheKinds() {
        assertThat(ProgressController.KIND).isEqualTo(Arrays.stream(MilestoneKind.values()).map(Enum::name)
                .collect(Collectors.joining("|")));
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MilestoneKindTest.class.getResourceAsStream("/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
