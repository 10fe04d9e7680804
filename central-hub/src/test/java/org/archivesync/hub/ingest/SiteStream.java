package org.archivesync.hub.ingest;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxRef;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.DestructionRecorded;
import org.archivesync.avro.DigitalObject;
import org.archivesync.avro.ExtentReported;
import org.archivesync.avro.FileAppraised;
import org.archivesync.avro.FileDigitized;
import org.archivesync.avro.FileRecorded;
import org.archivesync.avro.FileRef;
import org.archivesync.avro.FileWithdrawn;
import org.archivesync.avro.FondsRegistered;
import org.archivesync.avro.HandoverReceived;
import org.archivesync.avro.HandoverRecorded;
import org.archivesync.avro.ReceiverKind;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.archivesync.avro.Sha256;
import org.archivesync.avro.SiteEvent;
import org.archivesync.avro.StorageLocationRegistered;
import org.archivesync.schemas.integrity.ChainHash;
import org.archivesync.schemas.integrity.SchemaFingerprint;
import org.archivesync.schemas.integrity.SiteKeys;
import org.archivesync.schemas.wire.AvroCodec;
import org.archivesync.schemas.wire.SiteEventHeaders;
import org.archivesync.schemas.wire.SiteEventTopics;
import org.archivesync.schemas.wire.WireFormat;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A site agent in miniature for tests: real SiteEvent Avro bodies, chained with ChainHash, the last event of each
 * transaction signed with the site's Ed25519 key, framed in the Confluent wire format.
 */
final class SiteStream {

    /** The fingerprint of the schema the events are written with: the generated SiteEvent's. */
    static final byte[] WRITER = SchemaFingerprint.of(SiteEvent.getClassSchema());

    final String siteCode;
    final KeyPair keys;
    final String keyId;
    private long sequence;
    private byte[] previous = ChainHash.genesis();
    private final Map<Long, byte[]> hashes = new HashMap<>();

    SiteStream(String siteCode) {
        this.siteCode = siteCode;
        this.keys = SiteKeys.generate();
        this.keyId = SiteKeys.keyId(keys.getPublic());
        hashes.put(0L, ChainHash.genesis());
    }

    private SiteStream(SiteStream from) {
        this.siteCode = from.siteCode;
        this.keys = from.keys;
        this.keyId = from.keyId;
        this.sequence = from.sequence;
        this.previous = from.previous;
        this.hashes.putAll(from.hashes);
    }

    /** A copy of this office's store as it is now, recording on its own from here: a cloned PC, a restored backup. */
    SiteStream branch() {
        return new SiteStream(this);
    }

    /** One recorded event, as the agent stored and publishes it. */
    record Event(String key, long sequence, byte[] body, byte[] hash, byte[] signature, String keyId) {

        InboundRecord record(int schemaId) {
            return new InboundRecord(key, WireFormat.frame(schemaId, body), signature, keyId, "test-0@" + sequence);
        }

        /** As received over Kafka with these link headers (null for an absent one). */
        InboundRecord record(int schemaId, String backlog, String sentAt) {
            return new InboundRecord(key, WireFormat.frame(schemaId, body), signature, keyId, "test-0@" + sequence,
                    new InboundRecord.LinkHeaders(backlog == null ? null : backlog.getBytes(StandardCharsets.UTF_8),
                            sentAt == null ? null : sentAt.getBytes(StandardCharsets.UTF_8)));
        }

        /** As the agent publishes it: on its site's topic, {@code <topicPrefix>.<siteCode>}, keyed by the site. */
        ProducerRecord<String, byte[]> producerRecord(String topicPrefix, int schemaId) {
            return producerRecordOn(SiteEventTopics.topic(topicPrefix, key), schemaId);
        }

        /** On any topic, e.g. another office's, still keyed by this event's site. */
        ProducerRecord<String, byte[]> producerRecordOn(String topic, int schemaId) {
            ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, key, WireFormat.frame(schemaId, body));
            if (signature != null) {
                r.headers().add(SiteEventHeaders.SIGNATURE, signature).add(SiteEventHeaders.KEY_ID, keyId.getBytes());
            }
            return r;
        }

        /** The same event signed by another key, naming {@code keyId}. */
        Event signedBy(PrivateKey key, String claimedKeyId) {
            return new Event(this.key, sequence, body, hash, SiteKeys.sign(key, hash), claimedKeyId);
        }

        /** The same record under another Kafka key (the envelope still names its own site). */
        Event keyedAs(String otherKey) {
            return new Event(otherKey, sequence, body, hash, signature, keyId);
        }

        /** A copy with a signature that does not verify. */
        Event forged() {
            byte[] bad = Arrays.copyOf(signature, signature.length);
            bad[0] ^= 0x5a;
            return new Event(key, sequence, body, hash, bad, keyId);
        }
    }

    /** Enrolls the site and its key the way the sites feature stores them. */
    SiteStream enroll(JdbcClient jdbc) {
        jdbc.sql("INSERT INTO sites (site_code, name, unit_code, role) VALUES (:s, :n, 'CM.CAINUOC', 'DISTRICT_OFFICE')")
                .param("s", siteCode).param("n", "Văn phòng " + siteCode).update();
        return enrollKey(jdbc);
    }

    /** Enrolls only the key, for a site an operator created through the site directory. */
    SiteStream enrollKey(JdbcClient jdbc) {
        jdbc.sql("INSERT INTO site_keys (key_id, site_code, public_key) VALUES (:k, :s, :p)").param("k", keyId)
                .param("s", siteCode).param("p", SiteKeys.encodePublic(keys.getPublic())).update();
        return this;
    }

    /** Records a local transaction: every payload an event, the last one signed. */
    List<Event> transaction(Object... payloads) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < payloads.length; i++) {
            events.add(record(payloads[i], i == payloads.length - 1));
        }
        return events;
    }

    /** An event of {@code sequence} rewritten with another payload, chained to the real event before it (a fork). */
    Event fork(long atSequence, Object payload) {
        byte[] body = body(atSequence, hashes.get(atSequence - 1), payload);
        byte[] hash = ChainHash.next(hashes.get(atSequence - 1), WRITER, body);
        return new Event(siteCode, atSequence, body, hash, SiteKeys.sign(keys.getPrivate(), hash), keyId);
    }

    /** The chain hash of {@code sequence} as recorded (the hash the hub publishes as the cursor). */
    byte[] hash(long atSequence) {
        return hashes.get(atSequence);
    }

    /**
     * An unsigned event of this site at {@code atSequence}, chained to the recorded event before it, with another
     * payload: what anyone who reads the site's published cursor can write under its key, without its private key.
     * The stream does not advance.
     */
    Event unsignedFork(long atSequence, Object payload) {
        byte[] body = body(atSequence, hashes.get(atSequence - 1), payload);
        return new Event(siteCode, atSequence, body, ChainHash.next(hashes.get(atSequence - 1), WRITER, body), null, null);
    }

    /** The next event with a previousHash that is not its predecessor's, signed (a broken chain). */
    Event brokenChain(Object payload) {
        sequence++;
        byte[] wrongPrevious = new byte[32];
        Arrays.fill(wrongPrevious, (byte) 7);
        byte[] body = body(sequence, wrongPrevious, payload);
        byte[] hash = ChainHash.next(wrongPrevious, WRITER, body);
        previous = hash;
        hashes.put(sequence, hash);
        return new Event(siteCode, sequence, body, hash, SiteKeys.sign(keys.getPrivate(), hash), keyId);
    }

    private Event record(Object payload, boolean signed) {
        sequence++;
        byte[] body = body(sequence, previous, payload);
        byte[] hash = ChainHash.next(previous, WRITER, body);
        previous = hash;
        hashes.put(sequence, hash);
        return new Event(siteCode, sequence, body, hash, signed ? SiteKeys.sign(keys.getPrivate(), hash) : null,
                signed ? keyId : null);
    }

    private byte[] body(long seq, byte[] previousHash, Object payload) {
        return AvroCodec.encode(SiteEvent.newBuilder().setEventId(UUID.randomUUID()).setSiteCode(siteCode)
                .setSequence(seq).setPreviousHash(new Sha256(previousHash))
                .setOccurredAt(Instant.parse("2025-07-01T02:30:00Z").plusSeconds(seq)).setRecordedBy("cb.luutru")
                .setAgentVersion("test").setPayload(payload).build());
    }

    // ----------------------------------------------------------------------------------------------------------
    // Payloads

    static FondsRegistered fonds(String code) {
        return FondsRegistered.newBuilder().setFondsCode(code).setName("Phông UBND huyện Cái Nước")
                .setCreatingBody("UBND huyện Cái Nước").setCreatingUnitCode("CM.CAINUOC").build();
    }

    static StorageLocationRegistered store(String code) {
        return StorageLocationRegistered.newBuilder().setLocationCode(code).setName("Kho UBND huyện Trần Văn Thời")
                .setAreaSquareMetres(new BigDecimal("44.00")).setShelfCount(20).setCapacityMetres(new BigDecimal("120.00"))
                .build();
    }

    static ExtentReported extent(String fonds) {
        return ExtentReported.newBuilder().setFondsCode(fonds).setSortedMetres(new BigDecimal("133.10"))
                .setUnsortedMetres(new BigDecimal("1104.00")).setReadyToDigitizeMetres(new BigDecimal("133.10"))
                .setAsOf(LocalDate.parse("2025-06-30")).build();
    }

    static BoxRecorded box(String code, String fonds, boolean sealed) {
        return BoxRecorded.newBuilder().setBoxCode(code).setFondsCode(fonds).setLocationCode("KHO-1")
                .setMetres(new BigDecimal("0.10")).setState(sealed ? BoxState.SEALED : BoxState.PACKED)
                .setSealNumber(sealed ? "NP-" + code : null).build();
    }

    static FileRecorded file(String fonds, String code, String title) {
        return FileRecorded.newBuilder().setFondsCode(fonds).setFileCode(code).setBoxCode("H1").setTitle(title)
                .setStartDate(LocalDate.parse("2019-01-02")).setEndDate(LocalDate.parse("2019-12-30")).setSheetCount(42)
                .setRetention(RetentionKind.FIXED_TERM).setRetentionYears(10).setAccessRegime(AccessRegime.OPEN)
                .setLanguage("vi").setKeywords(List.of("đất đai", "Cái Nước")).build();
    }

    static FileRecorded permanentFile(String fonds, String code, String title) {
        FileRecorded f = file(fonds, code, title);
        f.setRetention(RetentionKind.PERMANENT);
        f.setRetentionYears(null);
        return f;
    }

    /** A state-secret stub: code, fonds, box, sheets, level, retention and nothing else. */
    static FileRecorded secretStub(String fonds, String code) {
        return FileRecorded.newBuilder().setFondsCode(fonds).setFileCode(code).setBoxCode("H1").setSheetCount(12)
                .setRetention(RetentionKind.PERMANENT).setAccessRegime(AccessRegime.STATE_SECRET)
                .setSecretLevel(SecretLevel.SECRET).build();
    }

    static FileAppraised appraised(String fonds, String code, AppraisalDecision decision) {
        return FileAppraised.newBuilder().setFile(ref(fonds, code)).setDecision(decision).setBasis("TT 10/2022/TT-BNV")
                .setCouncilDecisionRef("QĐ 15/HĐXĐGTTL").setAppraisedOn(LocalDate.parse("2025-07-10")).build();
    }

    static FileDigitized digitized(String fonds, String code) {
        return FileDigitized.newBuilder().setFile(ref(fonds, code)).setObjects(List.of(DigitalObject.newBuilder()
                .setObjectKey(fonds + "/" + code + "/0001.pdf").setSha256(new Sha256(new byte[32])).setSizeBytes(123_456)
                .setMediaType("application/pdf").setPageCount(42).setResolutionDpi(300).build())).build();
    }

    static HandoverRecorded handover(UUID id, String receivingSite, List<String> boxes, FileRef... files) {
        return HandoverRecorded.newBuilder().setHandoverId(id).setReceiverKind(ReceiverKind.SUCCESSOR_UNIT)
                .setReceivingUnitCode("CM.XA.TANHUNG").setReceivingSiteCode(receivingSite).setMinutesNumber("BB-01/2025")
                .setBoxes(boxRefs(boxes)).setFiles(List.of(files)).setMetres(new BigDecimal("0.20"))
                .setHandedOverOn(LocalDate.parse("2025-07-20")).build();
    }

    static HandoverReceived received(UUID id, String sender, List<String> boxes, String discrepancies, FileRef... files) {
        return HandoverReceived.newBuilder().setHandoverId(id).setSenderSiteCode(sender).setMinutesNumber("BB-01/2025")
                .setReceivedBoxes(boxRefs(boxes)).setReceivedFiles(List.of(files)).setReceivedMetres(new BigDecimal("0.20"))
                .setReceivedOn(LocalDate.parse("2025-07-21")).setDiscrepancies(discrepancies).build();
    }

    static DestructionRecorded destruction(String first, String second, FileRef... files) {
        return DestructionRecorded.newBuilder().setDestructionId(UUID.randomUUID()).setDecisionRef("QĐ 99/QĐ-UBND")
                .setFirstApprover(first).setSecondApprover(second).setMinutesNumber("BB-HUY-01").setFiles(List.of(files))
                .setMetres(new BigDecimal("0.05")).setDestroyedOn(LocalDate.parse("2025-08-01")).build();
    }

    static FileWithdrawn withdrawn(String fonds, String code) {
        return FileWithdrawn.newBuilder().setFile(ref(fonds, code)).setReason("nhập nhầm").build();
    }

    static FileRef ref(String fonds, String code) {
        return FileRef.newBuilder().setFondsCode(fonds).setFileCode(code).build();
    }

    /** Boxes written FONDS/BOX; interim (#16): a bare box code gets an empty fonds until the hub keys boxes by fonds. */
    static List<BoxRef> boxRefs(List<String> boxes) {
        return boxes.stream().map(b -> {
            int slash = b.indexOf('/');
            if (slash <= 0) {
                throw new IllegalArgumentException("a box is named FONDS/BOX: " + b);
            }
            return new BoxRef(b.substring(0, slash), b.substring(slash + 1));
        }).toList();
    }
}
