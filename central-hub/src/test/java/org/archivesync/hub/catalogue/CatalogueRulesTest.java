package org.archivesync.hub.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.text.Normalizer;
import java.util.List;
import org.archivesync.avro.BoxRef;
import org.junit.jupiter.api.Test;

/** Catalogue text is stored NFC, whatever form it arrives in; a box is named by its fonds and number. */
class CatalogueRulesTest {

    @Test
    void vietnameseTextIsStoredComposed() {
        String composed = "Hồ sơ đất đai huyện Trần Văn Thời, ấp Ngọc Điền";
        String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
        assertThat(decomposed).isNotEqualTo(composed);

        assertThat(CatalogueRules.text(decomposed)).isEqualTo(composed);
        assertThat(CatalogueRules.text(composed)).isSameAs(composed);
        // A composed letter followed by a combining mark, and a sign NFC replaces (Ohm → Omega).
        assertThat(CatalogueRules.text("Ê\u0301 \u2126")).isEqualTo("Ế \u03A9");
        assertThat(CatalogueRules.text("  \u0000Cái Nước  ")).isEqualTo("Cái Nước");
        assertThat(CatalogueRules.text(" \t ")).isNull();
    }

    @Test
    void aBoxIsNamedByItsFondsAndItsNumber() {
        assertThat(CatalogueRules.boxRefs(List.of(new BoxRef("CM.TVT.UBND", "H001"), new BoxRef("CM.TVT.NV", "H001"))))
                .isTrue();
        assertThat(CatalogueRules.boxRefs(List.of(new BoxRef("", "H001")))).isFalse();
        assertThat(CatalogueRules.boxRefs(List.of(new BoxRef("CM.TVT.UBND", " ")))).isFalse();
    }
}
