package org.archivesync.hub.progress;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * Every milestone kind is named and says what it measures in both languages, and the API accepts exactly the kinds
 * (the database's check is compared with the enum in {@code ProgressTest}).
 */
class MilestoneKindTest {

    @Test
    void everyKindIsNamedAndSaysWhatItMeasuresInBothLanguages() throws IOException {
        for (String bundle : new String[] {"messages.properties", "messages_en.properties"}) {
            Properties p = load(bundle);
            for (MilestoneKind k : MilestoneKind.values()) {
                assertThat(p.getProperty("milestone.kind." + k)).as(bundle + " " + k).isNotBlank();
                assertThat(p.getProperty("milestone.kind." + k + ".measures")).as(bundle + " " + k).isNotBlank();
            }
            for (MilestoneStatus s : MilestoneStatus.values()) {
                assertThat(p.getProperty("milestone.status." + s)).as(bundle + " " + s).isNotBlank();
            }
        }
    }

    @Test
    void theApiAcceptsExactlyTheKinds() {
        try (ValidatorFactory factory = Validation.buildDefaultValidatorFactory()) {
            Validator validator = factory.getValidator();
            for (MilestoneKind k : MilestoneKind.values()) {
                assertThat(validator.validate(body(k.name()))).as(k.name()).isEmpty();
            }
            for (String other : new String[] {"PACKED", "sealed", "", " SEALED", "SEALED|TRANSFERRED"}) {
                assertThat(validator.validate(body(other))).as(other).singleElement().satisfies(v -> {
                    assertThat(v.getPropertyPath()).hasToString("kind");
                    assertThat(v.getMessage()).contains(Arrays.toString(MilestoneKind.values()));
                });
            }
        }
    }

    @Test
    void anUnknownStoredKindFailsLoudlyInsteadOfPassingForAnother() {
        assertThatThrownBy(() -> MilestoneKind.of("PACKED")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PACKED").hasMessageContaining(Arrays.toString(MilestoneKind.values()));
    }

    private static ProgressController.MilestoneBody body(String kind) {
        return new ProgressController.MilestoneBody(kind, "Mốc", LocalDate.parse("2025-06-30"), List.of());
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MilestoneKindTest.class.getResourceAsStream("/" + name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
