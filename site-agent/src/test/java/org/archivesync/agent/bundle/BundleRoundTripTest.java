package org.archivesync.agent.bundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.archivesync.agent.outbox.Outbox;
import org.archivesync.agent.outbox.OutboxEntry;
import org.archivesync.agent.recording.Command;
import org.archivesync.agent.recording.PackBox;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RegisterFonds;
import org.archivesync.agent.store.AgentStore;
import org.archivesync.agent.testing.TestPaths;
import org.archivesync.agent.testing.TestSite;
import org.archivesync.avro.SiteEvent;
import org.archivesync.schemas.bundle.BundleManifest;
import org.archivesync.schemas.integrity.ChainEvent;
import org.archivesync.schemas.integrity.SetAsideReason;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.ChainPosition;
import org.archivesync.schemas.integrity.ChainVerdict;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BundleRoundTripTest {

    private static final tools.jackson.databind.ObjectMapper JSON = tools.jackson.databind.json.JsonMapper.builder().build();

    TestSite site = TestSite.create("CM.TRANVANTHOI.UBND");
    Clock clock = Clock.fixed(Instant.parse("2025-06-25T01:00:00Z"), ZoneOffset.ofHours(7));
    Path dir;
    Outbox outbox;

    @BeforeEach
    void recordThreeTransactions() {
        dir = TestPaths.directory("bundle");
        AgentStore store = AgentStore.open(dir.resolve("agent.sqlite"));
        outbox = new Outbox(store);
        Recorder recorder = new Recorder(store, site.identity(), clock, "clerk");
        recorder.registerFonds(new RegisterFonds("F", "Phông UBND huyện Trần Văn Thời", "UBND", null, null, null, false));
        List<Command> boxes = new ArrayList<>();
        for (int i = 1; i <= 8; i++) {
            boxes.add(new PackBox("H-" + i, "F", null, new java.math.BigDecimal("0.10")));
        }
        recorder.recordAll(boxes);
        recorder.packBox(new PackBox("H-9", "F", null, new java.math.BigDecimal("0.10")));
    }

    @Test
    void anExportedBundleReadsBackByteForByteAndItsChainVerifiesFromTheHubCursor() {
        Path file = dir.resolve("usb/CM.TRANVANTHOI.UBND-from-4.asb");

        BundleManifest written = Bundles.export(outbox, site.identity(), 4, file, clock);
        Bundles.Bundle read = Bundles.read(file, site.keys().getPublic());

        assertThat(read.manifest()).isEqualTo(written);
        assertThat(written.siteCode()).isEqualTo("CM.TRANVANTHOI.UBND");
        assertThat(written.fromSequence()).isEqualTo(4);
        assertThat(written.toSequence()).isEqualTo(10);
        assertThat(written.count()).isEqualTo(7);
        assertThat(written.previousHash()).isEqualTo(ChainHash.hex(outbox.hashAt(3)));
        assertThat(written.lastHash()).isEqualTo(ChainHash.hex(outbox.hashAt(10)));
        List<OutboxEntry> rows = outbox.range(4, 10);
        assertThat(read.events()).hasSize(7);
        for (int i = 0; i < rows.size(); i++) {
            assertThat(read.events().get(i).sequence()).isEqualTo(rows.get(i).sequence());
            assertThat(read.events().get(i).body()).isEqualTo(rows.get(i).body());
            assertThat(read.events().get(i).hash()).isEqualTo(rows.get(i).hash());
            assertThat(read.events().get(i).signature()).isEqualTo(rows.get(i).signature());
            assertThat(read.events().get(i).keyId()).isEqualTo(rows.get(i).keyId());
        }
        // As the hub would: verify from its cursor at sequence 3.
        List<ChainEvent> events = read.events().stream().map(e -> e.toChainEvent(read.writerSchema())).toList();
        ChainVerdict verdict = site.verifier().verify(site.siteCode(), new ChainPosition(3, outbox.hashAt(3)), s -> null, events);
        assertThat(verdict.failure()).isNull();
        assertThat(verdict.verifiedThrough()).isEqualTo(10);
        assertThat(file.resolveSibling(file.getFileName() + ".partial")).doesNotExist();
    }

    @Test
    void aBundleWithAChangedByteIsRejected() throws IOException {
        Path file = dir.resolve("bundle.asb");
        Bundles.export(outbox, site.identity(), 1, file, clock);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + file.toUri()), Map.of())) {
            Path events = zip.getPath("events.bin");
            byte[] bytes = Files.readAllBytes(events);
            bytes[bytes.length / 2] ^= 1;
            Files.write(events, bytes);
        }
        assertThatThrownBy(() -> Bundles.read(file, site.keys().getPublic())).isInstanceOfSatisfying(BundleException.class,
                e -> assertThat(e.messageKey()).isEqualTo("bundle.corrupt"));
    }

    @Test
    void aManifestNamingAnotherWriterSchemaFailsTheChain() throws IOException {
        // The manifest's signature covers events.bin only; the chain covers the schema: a PACKED box would read SEALED.
        Path file = dir.resolve("bundle.asb");
        Bundles.export(outbox, site.identity(), 1, file, clock);
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + file.toUri()), Map.of())) {
            Path manifest = zip.getPath("manifest.json");
            String swapped = SiteEvent.getClassSchema().toString().replace("[\"PACKED\",\"SEALED\"]", "[\"SEALED\",\"PACKED\"]");
            assertThat(swapped).isNotEqualTo(SiteEvent.getClassSchema().toString());
            Files.writeString(manifest, Files.readString(manifest).replace(
                    JSON.writeValueAsString(SiteEvent.getClassSchema().toString()), JSON.writeValueAsString(swapped)));
        }
        Bundles.Bundle read = Bundles.read(file, site.keys().getPublic());
        assertThat(read.manifest().writerSchema()).isNotEqualTo(SiteEvent.getClassSchema().toString());

        List<ChainEvent> events = read.events().stream().map(e -> e.toChainEvent(read.writerSchema())).toList();
        ChainVerdict verdict = site.verifier().verify(site.siteCode(), ChainPosition.start(), s -> null, events);

        // Nothing read through the other schema verifies: no event is accepted, and the bad signature is set aside.
        assertThat(verdict.accepted()).isEmpty();
        assertThat(verdict.setAside()).extracting(ChainVerdict.SetAside::reason).contains(SetAsideReason.BAD_SIGNATURE);
    }

    @Test
    void aManifestSignedByAnotherKeyIsRejected() {
        Path file = dir.resolve("bundle.asb");
        Bundles.export(outbox, site.identity(), 1, file, clock);
        assertThatThrownBy(() -> Bundles.read(file, TestSite.create("X").keys().getPublic()))
                .isInstanceOfSatisfying(BundleException.class, e -> assertThat(e.getMessage()).contains("signature"));
    }

    @Test
    void nothingToExportIsSaidPlainly() {
        assertThatThrownBy(() -> Bundles.export(outbox, site.identity(), 11, dir.resolve("b.asb"), clock))
                .isInstanceOfSatisfying(BundleException.class, e -> {
                    assertThat(e.messageKey()).isEqualTo("bundle.nothing-to-export");
                    assertThat(e.getMessage()).contains("11", "10");
                });
        assertThat(dir.resolve("b.asb")).doesNotExist();
    }
}
