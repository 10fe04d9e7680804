package org.archivesync.hub.bundles;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.archivesync.hub.bundles.BundleRejectedException.Reason;
import org.archivesync.hub.ingest.InboundRecord;
import org.archivesync.hub.ingest.IngestReport;
import org.archivesync.hub.ingest.SiteEventIngest;
import org.archivesync.hub.sites.SiteDirectory;
import org.archivesync.schemas.bundle.BundleFile;
import org.archivesync.schemas.bundle.BundleFormatException;
import org.archivesync.schemas.bundle.BundleManifest;
import org.archivesync.schemas.integrity.SiteKey;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.registry.SchemaRegistryClient;
import org.archivesync.schemas.registry.SchemaRegistryException;
import org.archivesync.schemas.wire.WireFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports the USB bundle a site agent exported when it had no link at all ({@code export-bundle}).
 *
 * <p>First the file as a whole: the manifest's format, the SHA-256 of {@code events.bin}, the contiguous range and
 * count, and the manifest's signature with the key enrolled for the site; a bundle that fails any of them is refused
 * ({@link BundleRejectedException}) before a single event is looked at, so a damaged stick never quarantines a site.
 * Then the events go through the same path as Kafka records, {@link SiteEventIngest#ingest}, in slices of about
 * {@code slice} events ending after a signed event, each slice one transaction: the same chain verifier and
 * signatures, the same apply. Events the hub applied before (from Kafka or an earlier bundle) are skipped by the
 * site's cursor, and the same events arriving later through Kafka are skipped the same way.
 *
 * <p>Arguments are never null; results are never null.
 */
public final class BundleImport {

    private static final Logger log = LoggerFactory.getLogger(BundleImport.class);
    private static final int LONGEST_SLICE_FACTOR = 10;

    private final SiteEventIngest ingest;
    private final SiteDirectory sites;
    private final SchemaRegistryClient registry;
    private final String subject;
    private final int slice;

    BundleImport(SiteEventIngest ingest, SiteDirectory sites, SchemaRegistryClient registry, String subject, int slice) {
        this.ingest = ingest;
        this.sites = sites;
        this.registry = registry;
        this.subject = subject;
        this.slice = slice;
    }

    /**
     * Imports a bundle file.
     *
     * @throws BundleRejectedException when the file is not a bundle, does not match its manifest or is not signed by
     *                                  the site's enrolled key (nothing was imported)
     */
    public BundleImportReport importBundle(Path file) {
        try {
            return importChecked(file, new BundleFile(file));
        } catch (BundleFormatException e) {
            throw BundleRejectedException.of(e);
        }
    }

    private BundleImportReport importChecked(Path file, BundleFile bundle) {
        BundleManifest manifest = bundle.manifest();
        SiteKey key = sites.findKey(manifest.keyId()).orElseThrow(() -> new BundleRejectedException(Reason.UNKNOWN_KEY,
                "key id " + manifest.keyId() + " is not enrolled"));
        if (!key.siteCode().equals(manifest.siteCode())) {
            throw new BundleRejectedException(Reason.KEY_OF_ANOTHER_SITE, "key id " + manifest.keyId()
                    + " is enrolled for site " + key.siteCode() + ", the bundle names " + manifest.siteCode());
        }
        byte[] content = bundle.read(manifest, e -> { });
        if (!BundleFile.matches(content, manifest)) {
            throw new BundleRejectedException(Reason.CONTENT_MISMATCH, "the SHA-256 of events.bin is not the manifest's");
        }
        if (!signed(key, content, manifest.signature())) {
            throw new BundleRejectedException(Reason.BAD_MANIFEST_SIGNATURE,
                    "the manifest's signature does not verify with key id " + manifest.keyId());
        }
        int schemaId = schemaId(manifest.writerSchema());
        String origin = "bundle:" + file.getFileName() + "#";

        long[] totals = new long[3];
        List<String> quarantined = new ArrayList<>();
        List<InboundRecord> records = new ArrayList<>(slice);
        Runnable flush = () -> {
            IngestReport r = ingest.ingest(List.copyOf(records));
            totals[0] += r.applied();
            totals[1] += r.redelivered();
            totals[2] += r.parked();
            r.quarantinedSites().stream().filter(s -> !quarantined.contains(s)).forEach(quarantined::add);
            records.clear();
        };
        // The file was checked as a whole above; read again, the same bytes feed the verifier.
        byte[] again = bundle.read(manifest, e -> {
            records.add(new InboundRecord(manifest.siteCode(), WireFormat.frame(schemaId, e.body()), e.signature(),
                    e.keyId(), origin + e.sequence()));
            // Slices end after a signed event, so no slice leaves an unsigned tail to park; a transaction much longer
            // than a slice is cut anyway (its head waits parked for the rest), so memory stays bounded.
            if ((records.size() >= slice && e.signature() != null) || records.size() >= slice * LONGEST_SLICE_FACTOR) {
                flush.run();
            }
        });
        if (!records.isEmpty()) {
            flush.run();
        }
        if (!BundleFile.matches(again, manifest)) {
            // Only if the file changed under us; whatever went through was verified event by event.
            log.warn("bundle changed while it was imported file={}", file);
        }
        BundleImportReport report = new BundleImportReport(manifest.siteCode(), manifest.fromSequence(),
                manifest.toSequence(), totals[0], totals[1], totals[2], List.copyOf(quarantined));
        log.info("bundle imported siteCode={} fromSequence={} toSequence={} applied={} redelivered={} parked={}"
                        + " quarantined={}", report.siteCode(), report.fromSequence(), report.toSequence(), report.applied(),
                report.redelivered(), report.parked(), !report.quarantinedSites().isEmpty());
        return report;
    }

    /**
     * Imports a bundle from a stream (an upload): copied to a temporary file first, as a ZIP is read by its central
     * directory at the end.
     *
     * @throws BundleRejectedException as {@link #importBundle(Path)}
     */
    public BundleImportReport importBundle(InputStream upload, String name) {
        Path temporary = null;
        try {
            temporary = Files.createTempFile("bundle-", ".zip");
            Files.copy(upload, temporary, StandardCopyOption.REPLACE_EXISTING);
            return importBundle(temporary);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the uploaded bundle " + name, e);
        } finally {
            if (temporary != null) {
                try {
                    Files.deleteIfExists(temporary);
                } catch (IOException e) {
                    log.warn("cannot delete a temporary bundle file={}", temporary);
                }
            }
        }
    }

    private static boolean signed(SiteKey key, byte[] content, String signature) {
        try {
            return SiteKeys.verify(key.publicKey(), content, Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The registry id of the schema the bodies were written with; registered when the registry lacks it. */
    private int schemaId(String writerSchema) {
        Schema schema;
        try {
            schema = new Schema.Parser().parse(writerSchema);
        } catch (SchemaParseException | NullPointerException e) {
            throw new BundleRejectedException(Reason.NOT_A_BUNDLE, "the manifest's writer schema is not an Avro schema", e);
        }
        try {
            return registry.idOf(subject, schema);
        } catch (SchemaRegistryException.SubjectNotFoundException | SchemaRegistryException.SchemaNotFoundException e) {
            return registry.register(subject, schema);
        }
    }
}
