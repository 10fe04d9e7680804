package org.archivesync.agent.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HexFormat;

import org.archivesync.agent.importer.LegacyVietnamese.Encoding;
import org.archivesync.agent.importer.LegacyVietnamese.Repaired;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class LegacyVietnameseTest {

    private static final String LAND_FILE = "Hồ sơ về việc giải quyết đất đai xã Tân Hưng";
    private static final String COMMITTEE = "Ủy ban nhân dân huyện Cái Nước";

    @ParameterizedTest
    @ValueSource(strings = {LAND_FILE, COMMITTEE, "Tối mật", "Vĩnh viễn", "Độc lập - Tự do - Hạnh phúc",
            "Biên bản giao nhận tài liệu lưu trữ năm 2003"})
    void vniTextIsDetectedAndConvertedBack(String phrase) {
        String asStoredByExcel = LegacyVietnamese.encodeVni(phrase);

        assertThat(asStoredByExcel).isNotEqualTo(phrase);
        assertThat(LegacyVietnamese.repair(asStoredByExcel, null))
                .isEqualTo(new Repaired(phrase, Encoding.VNI));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Hồ sơ về việc giải quyết đất đai xã Tân Hưng", "Tối mật", "Vĩnh viễn",
            "Độc lập - Tự do - Hạnh phúc", "Biên bản giao nhận tài liệu lưu trữ năm 2003"})
    void tcvn3TextIsDetectedAndConvertedBack(String phrase) {
        String asStoredByExcel = LegacyVietnamese.encodeTcvn3(phrase);

        assertThat(LegacyVietnamese.repair(asStoredByExcel, null))
                .isEqualTo(new Repaired(phrase, Encoding.TCVN3));
    }

    @Test
    void tcvn3HasNoTonedCapitalsSoASentenceInitialOneComesBackLowerCase() {
        // VN3 cannot encode "Ủ"; a typist under .VnTime got "ủ". Nothing in the bytes says otherwise.
        String asStoredByExcel = LegacyVietnamese.encodeTcvn3(COMMITTEE);

        assertThat(asStoredByExcel).isEqualTo("ñy ban nh©n d©n huyÖn C¸i N­íc");
        assertThat(LegacyVietnamese.repair(asStoredByExcel, null))
                .isEqualTo(new Repaired("ủy ban nhân dân huyện Cái Nước", Encoding.TCVN3));
    }

    @Test
    void tcvn3WordsTypedInCapitalsComeBackInCapitals() {
        String asStoredByExcel = LegacyVietnamese.encodeTcvn3("ỦY BAN NHÂN DÂN HUYỆN CÁI NƯỚC");

        assertThat(asStoredByExcel).isEqualTo("ñY BAN NH¢N D¢N HUYÖN C¸I N¦íC");
        assertThat(LegacyVietnamese.repair(asStoredByExcel, null).text())
                .isEqualTo("ỦY BAN NHÂN DÂN HUYỆN CÁI NƯỚC");
    }

    @Test
    void aCapitalsFontMakesTheWholeCellCapitals() {
        String typedUnderVnTimeH = LegacyVietnamese.encodeTcvn3("mục lục hồ sơ");

        assertThat(LegacyVietnamese.repair(typedUnderVnTimeH, ".VnTimeH"))
                .isEqualTo(new Repaired("MỤC LỤC HỒ SƠ", Encoding.TCVN3));
    }

    /** Bytes produced by glibc's iconv -t TCVN5712-1, an implementation independent of ours. */
    @ParameterizedTest
    @ValueSource(strings = {
            "68e52073ac2076d2207669d663206769b66920717579d57420aeca7420ae61692078b72074a96e2068ad6e67"
                    + "=hồ sơ về việc giải quyết đất đai xã tân hưng",
            "74e869206dcb74=tối mật",
            "76dc6e68207669d46e=vĩnh viễn",
            "63e96e6720686fb52078b72068e969206368f1206e6768dc61207669d674206e616d"
                    + "=cộng hoà xã hội chủ nghĩa việt nam"})
    void tcvn3BytesFromGlibcDecodeToTheSameText(String vector) {
        String[] parts = vector.split("=");
        byte[] bytes = HexFormat.of().parseHex(parts[0]);
        String asStoredByExcel = new String(bytes, java.nio.charset.Charset.forName("windows-1252"));

        assertThat(LegacyVietnamese.repair(asStoredByExcel, null))
                .isEqualTo(new Repaired(parts[1], Encoding.TCVN3));
    }

    /** Strings as published in other projects' tests and READMEs (see IMPORT.md, sources). */
    @ParameterizedTest
    @ValueSource(strings = {
            "Céng hoµ x· héi chñ nghÜa ViÖt Nam|Cộng hoà xã hội chủ nghĩa Việt Nam|TCVN3",
            "§éc lËp - Tù do - H¹nh phóc|Độc lập - Tự do - Hạnh phúc|TCVN3",
            "Hµ néi, ngµy 22 th¸ng 11 n¨m 2002|Hà nội, ngày 22 tháng 11 năm 2002|TCVN3",
            "Coäng hoøa xaõ hoäi chuû nghóa Vieät Nam Ñoäc laäp|Cộng hòa xã hội chủ nghĩa Việt Nam Độc lập|VNI",
            "Xin chaøo caùc baïn|Xin chào các bạn|VNI"})
    void publishedLegacyStringsAreConverted(String vector) {
        String[] parts = vector.split("\\|");

        assertThat(LegacyVietnamese.repair(parts[0], null))
                .isEqualTo(new Repaired(parts[1], Encoding.valueOf(parts[2])));
    }

    @ParameterizedTest
    @ValueSource(strings = {LAND_FILE, COMMITTEE, "Công khai", "Tân", "Hoà", "Cà Mau", "Tôi", "Lê Văn Tám",
            "Sử dụng rộng rãi", "UBND huyện", "HS-2003/01", "Müller", "café", "Số tờ: 12", "Bà Rịa"})
    void ordinaryUnicodeAndAsciiAreLeftAlone(String text) {
        assertThat(LegacyVietnamese.repair(text, null)).isEqualTo(new Repaired(text, Encoding.UNICODE));
    }

    @Test
    void decomposedUnicodeIsOnlyNormalised() {
        String nfd = Normalizer.normalize(LAND_FILE, Normalizer.Form.NFD);

        assertThat(LegacyVietnamese.repair(nfd, null)).isEqualTo(new Repaired(LAND_FILE, Encoding.UNICODE));
    }

    @Test
    void windows1258TextWithCombiningTonesIsOnlyNormalised() {
        // What a Windows-1258 CSV decodes to before NFC: base letters plus combining tone marks.
        String decoded = new String(Windows1258.encode(LAND_FILE), java.nio.charset.Charset.forName("windows-1258"));

        assertThat(decoded).isNotEqualTo(LAND_FILE);
        assertThat(LegacyVietnamese.repair(decoded, null)).isEqualTo(new Repaired(LAND_FILE, Encoding.UNICODE));
    }

    @Test
    void tcvn3TypedOnAVietnameseLocalePcIsReadThroughWindows1258() {
        byte[] tcvn3 = LegacyVietnamese.encodeTcvn3("Tối mật").getBytes(StandardCharsets.ISO_8859_1);
        String storedOnVietnameseLocale = new String(tcvn3, java.nio.charset.Charset.forName("windows-1258"));

        assertThat(LegacyVietnamese.repair(storedOnVietnameseLocale, null))
                .isEqualTo(new Repaired("Tối mật", Encoding.TCVN3));
    }

    @Test
    void aFontHintSettlesAWordThatReadsAsVietnameseBothWays() {
        // "Hoà sô" is itself Vietnamese; in VNI it is "Hồ sơ". Only the font can tell.
        String vni = LegacyVietnamese.encodeVni("Hồ sơ");

        assertThat(vni).isEqualTo("Hoà sô");
        assertThat(LegacyVietnamese.repair(vni, null).encoding()).isEqualTo(Encoding.UNICODE);
        assertThat(LegacyVietnamese.repair(vni, "VNI-Times")).isEqualTo(new Repaired("Hồ sơ", Encoding.VNI));
    }

    @Test
    void aLegacyFontDoesNotForceConversionOfRealUnicode() {
        assertThat(LegacyVietnamese.repair(LAND_FILE, ".VnTime").encoding()).isEqualTo(Encoding.UNICODE);
        assertThat(LegacyVietnamese.repair("Cà Mau", "VNI-Times").encoding()).isEqualTo(Encoding.UNICODE);
    }

    @Test
    void tcvn3TableHasTheSixtySevenLowerCaseLettersAndSevenCapitalsOfVn3() {
        int lowerCase = 0;
        for (char c = 0x80; c < 0x2000; c++) {
            if (Character.isLowerCase(c)) {
                try {
                    LegacyVietnamese.encodeTcvn3(String.valueOf(c));
                    lowerCase++;
                } catch (IllegalArgumentException notInTable) {
                    // everything outside VN3
                }
            }
        }
        assertThat(lowerCase).isEqualTo(67);
        assertThat(LegacyVietnamese.encodeTcvn3("ĂÂÊÔƠƯĐ")).isEqualTo("¡¢£¤¥¦§");
    }
}
