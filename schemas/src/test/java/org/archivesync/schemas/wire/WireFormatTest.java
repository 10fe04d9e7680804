package org.archivesync.schemas.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The Confluent prefix itself: magic byte 0, then the schema id as a big-endian 32-bit integer. */
class WireFormatTest {

    @Test
    void frameWritesMagicByteThenBigEndianIdThenBody() {
        byte[] wire = WireFormat.frame(0x0A0B0C0D, new byte[] {7, 8, 9});

        assertThat(wire).containsExactly(0, 0x0A, 0x0B, 0x0C, 0x0D, 7, 8, 9);
    }

    @Test
    void parseReadsTheIdAndAViewOfTheBody() {
        WireFormat.Framed framed = WireFormat.parse(new byte[] {0, 0, 0, 1, 0x2C, 1, 2});

        assertThat(framed.schemaId()).isEqualTo(300);
        assertThat(framed.bodyBytes()).containsExactly(1, 2);
        assertThat(framed.body().remaining()).isEqualTo(2);
        assertThat(framed.bodyBytes()).as("reading the copy leaves the view untouched").containsExactly(1, 2);
    }

    @Test
    void headerAloneIsAnEmptyBody() {
        assertThat(WireFormat.parse(new byte[] {0, 0, 0, 0, 5}).bodyBytes()).isEmpty();
    }

    @Test
    void wrongMagicByteIsReportedInHex() {
        assertThatThrownBy(() -> WireFormat.parse(new byte[] {(byte) 0xFF, 0, 0, 0, 1, 2}))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessage("unknown magic byte 0xff, expected 0x00 (Confluent wire format)");
    }

    @Test
    void nullIsShorterThanTheHeader() {
        assertThatThrownBy(() -> WireFormat.parse(null))
                .isExactlyInstanceOf(WireFormatException.class)
                .hasMessageContaining("shorter than the 5-byte");
    }
}
