package org.archivesync.schemas;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.BoxRecorded;
import org.archivesync.avro.BoxState;
import org.archivesync.avro.BoxRef;
import org.archivesync.avro.CatalogueFile;
import org.archivesync.avro.CustodyState;
import org.archivesync.avro.DatePrecision;
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
import org.archivesync.avro.SiteCursor;
import org.archivesync.avro.SiteEvent;
import org.archivesync.avro.SiteProgress;
import org.archivesync.avro.StorageLocationRegistered;

/**
 * Realistic, fully populated records of every contract type, for tests here and in other modules (shipped in the
 * schemas test-jar). Values come from the Cà Mau campaign: Vietnamese text with diacritics (NFC), metres with two
 * decimals as the schemas' {@code decimal(12,2)} requires, and millisecond instants as {@code timestamp-millis} keeps.
 * Every call returns a new record; nothing here is random.
 */
public final class SampleRecords {

    /** The former Cái Nước district People's Committee. */
    public static final String SITE = "CM.CAINUOC.UBND";
    /** A second site, for "another site" cases. */
    public static final String OTHER_SITE = "CM.TRANVANTHOI.UBND";
    /** Its main fonds. */
    public static final String FONDS = "CM-CN-UBND";
    /** A millisecond instant: timestamp-millis would truncate anything finer. */
    public static final Instant OCCURRED_AT = Instant.parse("2025-07-01T02:30:15.123Z");
    /** A title with most of Vietnamese's diacritics, NFC-normalised as the agent stores it. */
    public static final String TITLE = nfc("Hồ sơ về việc sáp nhập xã Tạ An Khương vào xã Đầm Dơi, huyện Cái Nước, tỉnh Cà Mau (Nghị quyết số 1655/NQ-UBTVQH15)");

    private SampleRecords() {
    }

    /** NFC form of {@code text}, as every Vietnamese string in the contracts is stored. */
    public static String nfc(String text) {
        return Normalizer.normalize(text, Normalizer.Form.NFC);
    }

    /** The UTF-8 bytes of {@link #TITLE}, to find them inside an Avro body. */
    public static byte[] titleUtf8() {
        return TITLE.getBytes(StandardCharsets.UTF_8);
    }

    /** One named payload factory per member of the SiteEvent payload union, in the union's order. */
    public record NamedPayload(String name, Supplier<Object> factory) {
        @Override
        public String toString() {
            return name;
        }
    }

    /** Every payload type of the SiteEvent union, in the schema's order. */
    public static List<NamedPayload> allPayloads() {
        return List.of(
                new NamedPayload("FondsRegistered", SampleRecords::fondsRegistered),
                new NamedPayload("StorageLocationRegistered", SampleRecords::storageLocationRegistered),
                new NamedPayload("ExtentReported", SampleRecords::extentReported),
                new NamedPayload("BoxRecorded", SampleRecords::boxRecorded),
                new NamedPayload("FileRecorded", SampleRecords::fileRecorded),
                new NamedPayload("FileAppraised", SampleRecords::fileAppraised),
                new NamedPayload("FileDigitized", SampleRecords::fileDigitized),
                new NamedPayload("HandoverRecorded", SampleRecords::handoverRecorded),
                new NamedPayload("HandoverReceived", SampleRecords::handoverReceived),
                new NamedPayload("DestructionRecorded", SampleRecords::destructionRecorded),
                new NamedPayload("FileWithdrawn", SampleRecords::fileWithdrawn));
    }

    /** A SiteEvent of {@link #SITE} carrying {@code payload}. */
    public static SiteEvent siteEvent(long sequence, byte[] previousHash, Object payload) {
        return siteEvent(SITE, sequence, previousHash, payload);
    }

    /** A SiteEvent of {@code siteCode}; the event id is derived from site and sequence so it is stable. */
    public static SiteEvent siteEvent(String siteCode, long sequence, byte[] previousHash, Object payload) {
        return SiteEvent.newBuilder()
                .setEventId(UUID.nameUUIDFromBytes((siteCode + "/" + sequence).getBytes(StandardCharsets.UTF_8)))
                .setSiteCode(siteCode)
                .setSequence(sequence)
                .setPreviousHash(new Sha256(previousHash.clone()))
                .setOccurredAt(OCCURRED_AT.plusSeconds(sequence))
                .setRecordedBy(nfc("nguyen.thi.hoa"))
                .setAgentVersion("0.1.0")
                .setPayload(payload)
                .build();
    }

    public static FondsRegistered fondsRegistered() {
        return FondsRegistered.newBuilder()
                .setFondsCode(FONDS)
                .setName(nfc("Phông Ủy ban nhân dân huyện Cái Nước"))
                .setCreatingBody(nfc("UBND huyện Cái Nước"))
                .setCreatingUnitCode("96-CAINUOC")
                .setStartDate(LocalDate.of(1979, 1, 1))
                .setEndDate(LocalDate.of(2025, 6, 30))
                .setClosed(true)
                .build();
    }

    public static StorageLocationRegistered storageLocationRegistered() {
        return StorageLocationRegistered.newBuilder()
                .setLocationCode("KHO-1")
                .setName(nfc("Kho UBND huyện Trần Văn Thời"))
                .setParentLocationCode(null)
                .setAddress(nfc("Khóm 9, thị trấn Trần Văn Thời, Cà Mau"))
                .setAreaSquareMetres(new BigDecimal("44.00"))
                .setShelfCount(20)
                .setCapacityMetres(new BigDecimal("1104.50"))
                .build();
    }

    public static ExtentReported extentReported() {
        return ExtentReported.newBuilder()
                .setFondsCode(FONDS)
                .setLocationCode("KHO-NOIVU")
                .setSortedMetres(new BigDecimal("2200.00"))
                .setPackedMetres(new BigDecimal("1500.00"))
                .setSealedMetres(new BigDecimal("1200.00"))
                .setPackedBoxes(15000)
                .setSealedBoxes(null)
                .setUnsortedMetres(new BigDecimal("1104.00"))
                .setReadyToDigitizeMetres(new BigDecimal("133.10"))
                .setAsOf(LocalDate.of(2025, 7, 1))
                .build();
    }

    public static BoxRecorded boxRecorded() {
        return BoxRecorded.newBuilder()
                .setBoxCode("H-0042")
                .setFondsCode(FONDS)
                .setLocationCode("KHO-1/GIA-03")
                .setMetres(new BigDecimal("0.10"))
                .setState(BoxState.SEALED)
                .setSealNumber("NP-2025-000117")
                .build();
    }

    public static FileRecorded fileRecorded() {
        return fileRecorded("HS-0001", TITLE);
    }

    /** An open file with the given code and title. */
    public static FileRecorded fileRecorded(String fileCode, String title) {
        return FileRecorded.newBuilder()
                .setFondsCode(FONDS)
                .setFileCode(fileCode)
                .setFileNumber("42")
                .setReference(nfc("01.TH"))
                .setListNumber("1")
                .setSeries(nfc("I. TỔNG HỢP"))
                .setPlaceUnitCode("32017")
                .setBoxCode("H-0042")
                .setTitle(title)
                .setStartDate(LocalDate.of(2025, 3, 1))
                .setStartPrecision(DatePrecision.MONTH)
                .setEndDate(LocalDate.of(2025, 6, 16))
                .setSheetCount(87)
                .setPageCount(152)
                .setRetention(RetentionKind.FIXED_TERM)
                .setRetentionYears(70)
                .setAccessRegime(AccessRegime.OPEN)
                .setSecretLevel(null)
                .setLanguage("vi")
                .setKeywords(List.of(nfc("sáp nhập"), nfc("địa giới hành chính"), nfc("Đầm Dơi")))
                .setPhysicalCondition(nfc("Tốt, giấy hơi ố vàng"))
                .setNotes(nfc("Kèm bản đồ địa giới tỷ lệ 1:25.000"))
                .build();
    }

    /** A state-secret stub: only what the law lets a connected machine hold. */
    public static FileRecorded secretStub() {
        return FileRecorded.newBuilder()
                .setFondsCode(FONDS)
                .setFileCode("HS-M-0007")
                .setBoxCode("H-0099")
                .setSheetCount(12)
                .setRetention(RetentionKind.PERMANENT)
                .setAccessRegime(AccessRegime.STATE_SECRET)
                .setSecretLevel(SecretLevel.SECRET)
                .build();
    }

    public static FileAppraised fileAppraised() {
        return FileAppraised.newBuilder()
                .setFile(fileRef("HS-0001"))
                .setDecision(AppraisalDecision.TRANSFER_TO_HISTORICAL)
                .setBasis(nfc("Mục 01.05 Thông tư 10/2022/TT-BNV"))
                .setCouncilDecisionRef(nfc("Biên bản số 03/BB-HĐXĐGTTL"))
                .setAppraisedOn(LocalDate.of(2025, 7, 10))
                .build();
    }

    public static FileDigitized fileDigitized() {
        byte[] sha = new byte[32];
        for (int i = 0; i < sha.length; i++) {
            sha[i] = (byte) (0xA0 + i);
        }
        return FileDigitized.newBuilder()
                .setFile(fileRef("HS-0001"))
                .setObjects(List.of(
                        DigitalObject.newBuilder()
                                .setObjectKey(nfc("CM-CN-UBND/HS-0001/trang-001-076.pdf"))
                                .setSha256(new Sha256(sha))
                                .setSizeBytes(48_213_004L)
                                .setMediaType("application/pdf")
                                .setPageCount(76)
                                .setResolutionDpi(300)
                                .build(),
                        DigitalObject.newBuilder()
                                .setObjectKey("CM-CN-UBND/HS-0001/ban-do.tiff")
                                .setSha256(new Sha256(new byte[32]))
                                .setSizeBytes(9_000_000L)
                                .setMediaType("image/tiff")
                                .setPageCount(null)
                                .setResolutionDpi(null)
                                .build()))
                .build();
    }

    public static HandoverRecorded handoverRecorded() {
        return HandoverRecorded.newBuilder()
                .setHandoverId(UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"))
                .setReceiverKind(ReceiverKind.HISTORICAL_ARCHIVE)
                .setReceivingUnitCode("96")
                .setReceivingSiteCode("CM.LUUTRU.TINH")
                .setMinutesNumber(nfc("12/BB-GN"))
                .setBoxes(List.of(boxRef("H-0042"), boxRef("H-0043")))
                .setFiles(List.of(fileRef("HS-0001"), fileRef("HS-0002")))
                .setMetres(new BigDecimal("0.20"))
                .setHandedOverOn(LocalDate.of(2025, 8, 15))
                .build();
    }

    public static HandoverReceived handoverReceived() {
        return HandoverReceived.newBuilder()
                .setHandoverId(UUID.fromString("6f1c2d3e-4b5a-4c6d-8e7f-9a0b1c2d3e4f"))
                .setSenderSiteCode(SITE)
                .setMinutesNumber(nfc("12/BB-GN"))
                .setReceivedBoxes(List.of(boxRef("H-0042")))
                .setReceivedFiles(List.of(fileRef("HS-0001")))
                .setReceivedMetres(new BigDecimal("0.10"))
                .setReceivedOn(LocalDate.of(2025, 8, 16))
                .setDiscrepancies(nfc("Thiếu hộp H-0043 (hồ sơ HS-0002), bên giao sẽ bổ sung"))
                .build();
    }

    public static DestructionRecorded destructionRecorded() {
        return DestructionRecorded.newBuilder()
                .setDestructionId(UUID.fromString("0a1b2c3d-4e5f-4061-8273-8495a6b7c8d9"))
                .setDecisionRef(nfc("Quyết định số 45/QĐ-UBND"))
                .setFirstApprover(nfc("tran.van.nam"))
                .setSecondApprover(nfc("le.thi.thu"))
                .setMinutesNumber(nfc("07/BB-HTL"))
                .setFiles(List.of(fileRef("HS-1990-0003")))
                .setMetres(new BigDecimal("1.25"))
                .setDestroyedOn(LocalDate.of(2025, 9, 30))
                .build();
    }

    public static FileWithdrawn fileWithdrawn() {
        return FileWithdrawn.newBuilder()
                .setFile(fileRef("HS-0009"))
                .setReason(nfc("Nhập trùng với hồ sơ HS-0008"))
                .build();
    }

    public static SiteCursor siteCursor() {
        byte[] hash = new byte[32];
        for (int i = 0; i < hash.length; i++) {
            hash[i] = (byte) (255 - i);
        }
        return SiteCursor.newBuilder()
                .setSiteCode(SITE)
                .setLastSequence(4_217L)
                .setLastHash(new Sha256(hash))
                .setQuarantined(true)
                .setUpdatedAt(OCCURRED_AT)
                .build();
    }

    public static CatalogueFile catalogueFile() {
        return CatalogueFile.newBuilder()
                .setFondsCode(FONDS)
                .setFileCode("HS-0001")
                .setSiteCode(SITE)
                .setHoldingUnitCode("96-DAMDOI")
                .setBoxCode("H-0042")
                .setTitle(TITLE)
                .setStartDate(LocalDate.of(2025, 3, 12))
                .setEndDate(LocalDate.of(2025, 6, 16))
                .setSheetCount(87)
                .setRetention(RetentionKind.FIXED_TERM)
                .setRetentionYears(70)
                .setAccessRegime(AccessRegime.RESTRICTED)
                .setSecretLevel(null)
                .setAppraisal(AppraisalDecision.KEEP_AT_SUCCESSOR)
                .setCustodyState(CustodyState.RECEIVED_WITH_DISCREPANCIES)
                .setDigitalObjectCount(2)
                .setLastSequence(4_217L)
                .setUpdatedAt(OCCURRED_AT)
                .build();
    }

    public static SiteProgress siteProgress() {
        return SiteProgress.newBuilder()
                .setSiteCode(SITE)
                .setUnitCode("96-CAINUOC")
                .setAsOf(OCCURRED_AT)
                .setInventoriedMetres(new BigDecimal("3304.00"))
                .setUnsortedMetres(new BigDecimal("1104.00"))
                .setBoxedMetres(new BigDecimal("512.30"))
                .setSealedMetres(new BigDecimal("480.05"))
                .setDigitizedPages(1_234_567L)
                .setTransferredMetres(new BigDecimal("133.10"))
                .setHandedOverMetres(new BigDecimal("0.20"))
                .setDestroyedMetres(new BigDecimal("1.25"))
                .setFileCount(18_244L)
                .setAppraisedTransfer(9_001L)
                .setAppraisedKeep(8_000L)
                .setAppraisedDestroy(1_243L)
                .setLastSequence(4_217L)
                .setAtRisk(true)
                .build();
    }

    public static FileRef fileRef(String fileCode) {
        return FileRef.newBuilder().setFondsCode(FONDS).setFileCode(fileCode).build();
    }

    public static BoxRef boxRef(String boxCode) {
        return BoxRef.newBuilder().setFondsCode(FONDS).setBoxCode(boxCode).build();
    }
}
