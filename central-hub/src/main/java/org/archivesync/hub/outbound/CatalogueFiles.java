package org.archivesync.hub.outbound;

import org.archivesync.avro.AccessRegime;
import org.archivesync.avro.AppraisalDecision;
import org.archivesync.avro.CatalogueFile;
import org.archivesync.avro.CustodyState;
import org.archivesync.avro.DatePrecision;
import org.archivesync.avro.RetentionKind;
import org.archivesync.avro.SecretLevel;
import org.archivesync.hub.catalogue.CatalogueReader;

/**
 * A file's state as {@code archive.catalogue.files} carries it: the catalogue's {@link CatalogueReader.FileState}
 * mapped to the Avro {@link CatalogueFile}, or a tombstone once the file is destroyed or withdrawn.
 */
final class CatalogueFiles {

    private CatalogueFiles() {
    }

    /** The value to publish under the file's key, or null for a tombstone (destroyed or withdrawn). */
    static CatalogueFile value(CatalogueReader.FileState f) {
        CustodyState custody = CustodyState.valueOf(f.custodyState());
        if (custody == CustodyState.DESTROYED || custody == CustodyState.WITHDRAWN) {
            return null;
        }
        return CatalogueFile.newBuilder()
                .setFondsCode(f.fondsCode())
                .setFileCode(f.fileCode())
                .setSiteCode(f.siteCode())
                .setHoldingUnitCode(f.holdingUnitCode())
                .setFileNumber(f.fileNumber())
                .setReference(f.reference())
                .setListNumber(f.listNumber())
                .setSeries(f.series())
                .setPlaceUnitCode(f.placeUnitCode())
                .setBoxCode(f.boxCode())
                .setTitle(f.title())
                .setStartDate(f.startDate())
                .setStartPrecision(DatePrecision.valueOf(f.startPrecision()))
                .setEndDate(f.endDate())
                .setEndPrecision(DatePrecision.valueOf(f.endPrecision()))
                .setSheetCount(f.sheetCount())
                .setRetention(RetentionKind.valueOf(f.retention()))
                .setRetentionYears(f.retentionYears())
                .setAccessRegime(AccessRegime.valueOf(f.accessRegime()))
                .setSecretLevel(f.secretLevel() == null ? null : SecretLevel.valueOf(f.secretLevel()))
                .setAppraisal(f.appraisal() == null ? null : AppraisalDecision.valueOf(f.appraisal()))
                .setCustodyState(custody)
                .setDigitalObjectCount(f.digitalObjectCount())
                .setLastSequence(f.lastSequence())
                .setUpdatedAt(f.updatedAt())
                .build();
    }
}
