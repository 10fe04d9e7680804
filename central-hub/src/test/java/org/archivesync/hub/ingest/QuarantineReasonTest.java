package org.archivesync.hub.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.archivesync.schemas.integrity.ChainFailure;
import org.junit.jupiter.api.Test;

class QuarantineReasonTest {

    @Test
    void everyReasonRaisesAnAlertKindOfItsNameThatQuarantines() {
        for (QuarantineReason reason : QuarantineReason.values()) {
            // The quarantine table keeps the name, the console shows it next to the alert of the same kind.
            assertThat(reason.alertKind().name()).isEqualTo(reason.name());
            assertThat(reason.alertKind().quarantines()).as(reason.name()).isTrue();
        }
    }

    @Test
    void onlyTheVerifiersQuarantiningFailuresHaveAReason() {
        assertThat(QuarantineReason.of(ChainFailure.Kind.FORK)).isEqualTo(QuarantineReason.FORK);
        assertThat(QuarantineReason.of(ChainFailure.Kind.BROKEN_CHAIN)).isEqualTo(QuarantineReason.BROKEN_CHAIN);
        assertThatThrownBy(() -> QuarantineReason.of(ChainFailure.Kind.GAP)).isInstanceOf(IllegalArgumentException.class);
    }
}
