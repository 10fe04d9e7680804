package org.archivesync.hub.outbound;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.CatalogueFile;
import org.archivesync.avro.CustodyState;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.archivesync.hub.catalogue.CatalogueReader;
import org.junit.jupiter.api.Test;

/** The catalogue's file state as {@code archive.catalogue.files} carries it. */
class CatalogueFilesTest {

    @Test
    void everyFieldOfTheStateReachesTheAvroValue() {
        CatalogueFile value = CatalogueFiles.value(
                state("RECEIVED", "STATE_SECRET", "SECRET", "TRANSFER_TO_HISTORICAL"));

        assertThat(value).isEqualTo(CatalogueFile.newBuilder()
                .setFondsCode("TVT-F").setFileCode("HS-2003").setSiteCode("CM.TVT.UBND").setHoldingUnitCode("32155")
                .setFileNumber("12").setReference("01.TH").setListNumber("2").setSeries("I. TỔNG HỢP")
                .setPlaceUnitCode("32155").setBoxCode("H001").setTitle(null)
                .setStartDate(LocalDate.parse("2003-01-01")).setStartPrecision(DatePrecision.YEAR)
                .setEndDate(LocalDate.parse("2005-06-01")).setEndPrecision(DatePrecision.MONTH).setSheetCount(40)
                .setRetention(RetentionKind.FIXED_TERM).setRetentionYears(20).setAccessRegime(AccessRegime.STATE_SECRET)
                .setSecretLevel(SecretLevel.SECRET).setAppraisal(AppraisalDecision.TRANSFER_TO_HISTORICAL)
                .setCustodyState(CustodyState.RECEIVED).setDigitalObjectCount(3).setLastSequence(77)
                .setUpdatedAt(Instant.parse("2025-07-01T03:00:00Z")).build());
    }

    @Test
    void anOpenUnappraisedFileHasNoSecretLevelNorAppraisal() {
        CatalogueFile value = CatalogueFiles.value(state("AT_SITE", "OPEN", null, null));

        assertThat(value.getSecretLevel()).isNull();
        assertThat(value.getAppraisal()).isNull();
        assertThat(value.getCustodyState()).isEqualTo(CustodyState.AT_SITE);
    }

    @Test
    void aDestroyedOrWithdrawnFileIsATombstone() {
        assertThat(CatalogueFiles.value(state("DESTROYED", "OPEN", null, "DESTROY"))).isNull();
        assertThat(CatalogueFiles.value(state("WITHDRAWN", "OPEN", null, null))).isNull();
    }

    private static CatalogueReader.FileState state(String custody, String access, String level, String appraisal) {
        return new CatalogueReader.FileState("TVT-F/HS-2003", "TVT-F", "HS-2003", "CM.TVT.UBND", "32155", "12",
                "01.TH", "2", "I. TỔNG HỢP", "32155", "H001", null, LocalDate.parse("2003-01-01"), "YEAR",
                LocalDate.parse("2005-06-01"), "MONTH", 40, "FIXED_TERM", 20, access, level, appraisal, custody, 3, 77,
                Instant.parse("2025-07-01T03:00:00Z"));
    }
}
