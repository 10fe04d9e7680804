package org.archivesync.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The link headers as the listener parses them where a record comes in. */
class LinkHeadersTest {

    private final InboundRecord.LinkHeaders.Parser parser = new InboundRecord.LinkHeaders.Parser();

    @Test
    void wellFormedHeadersAreParsedToMicroseconds() {
        InboundRecord.LinkHeaders link = parser.parse(bytes("42"), bytes("2025-07-01T02:30:00.123456789Z"),
                Instant.parse("2025-07-01T02:29:00Z").toEpochMilli(), "t-0@1");

        assertThat(link.backlog()).isEqualTo(42);
        assertThat(link.sentAt()).isEqualTo(Instant.parse("2025-07-01T02:30:00.123456Z"));
        assertThat(link.clockSkewMillis()).isEqualTo(60_123);
    }

    @Test
    void malformedOrImplausibleHeadersAreIgnored() {
        assertThat(parser.parse(bytes("-1"), bytes("yesterday"), null, "t-0@1"))
                .isEqualTo(new InboundRecord.LinkHeaders((Long) null, null, null));
        assertThat(parser.parse(bytes("12345678901234567890"), bytes("1999-12-31T23:59:59Z"), 5L, "t-0@2"))
                .isEqualTo(new InboundRecord.LinkHeaders((Long) null, null, 5L));
        assertThat(parser.parse(bytes("x".repeat(100)), bytes("9000-01-01T00:00:00Z"), null, "t-0@3").sentAt())
                .isNull();
        assertThat(new InboundRecord.LinkHeaders(bytes("7"), null).clockSkewMillis()).isNull();
    }

    @Test
    void eachRecordKeepsItsOwnHeadersWhenASendSharesOneInstant() {
        InboundRecord.LinkHeaders first = parser.parse(bytes("2"), bytes("2025-07-01T02:30:00Z"), null, "t-0@1");
        InboundRecord.LinkHeaders second = parser.parse(bytes("1"), bytes("2025-07-01T02:30:00Z"), null, "t-0@2");
        InboundRecord.LinkHeaders later = parser.parse(bytes("9"), bytes("2025-07-01T02:31:00Z"), null, "t-0@3");
        InboundRecord.LinkHeaders without = parser.parse(bytes("8"), null, null, "t-0@4");

        assertThat(first.backlog()).isEqualTo(2);
        assertThat(second).isEqualTo(new InboundRecord.LinkHeaders(1L, Instant.parse("2025-07-01T02:30:00Z"), null));
        assertThat(later.sentAt()).isEqualTo(Instant.parse("2025-07-01T02:31:00Z"));
        assertThat(without.sentAt()).isNull();
    }

    @Test
    void theRawBytesConstructorParsesAsTheListenerDoes() {
        assertThat(new InboundRecord.LinkHeaders(bytes("3"), bytes("2025-07-01T02:30:00Z")))
                .isEqualTo(new InboundRecord.LinkHeaders(3L, Instant.parse("2025-07-01T02:30:00Z"), null));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
