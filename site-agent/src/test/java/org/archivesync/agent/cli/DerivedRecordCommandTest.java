package org.archivesync.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.archivesync.agent.recording.BoxKey;
import org.archivesync.agent.recording.CommandCatalogue;
import org.archivesync.agent.recording.SendHandover;
import org.archivesync.agent.recording.WithdrawFile;
import org.archivesync.avro.ReceiverKind;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code record <name>} for a command without hand-written options: one option per field of its record, shown here on
 * catalogued commands as if they had none.
 */
class DerivedRecordCommandTest {

    @Test
    void eachFieldIsAnOptionNamedAfterIt() {
        CommandSpec spec = DerivedRecordCommand.spec(CommandCatalogue.WITHDRAW_FILE);
        new CommandLine(spec).parseArgs("--fonds-code", "PHONG.CN", "--file-code", "HS-1", "--reason", "Ghi nhầm");

        assertThat(spec.options()).extracting(o -> o.longestName())
                .contains("--fonds-code", "--file-code", "--reason");
        assertThat(spec.findOption("--reason").descriptionKey()).isEqualTo("cli.option.reason");
        assertThat(((DerivedRecordCommand) spec.userObject()).command())
                .isEqualTo(new WithdrawFile("PHONG.CN", "HS-1", "Ghi nhầm"));
    }

    @Test
    void listsEnumsAndKeysAreParsedAndTheAgentChoosesTheId() {
        CommandSpec spec = DerivedRecordCommand.spec(CommandCatalogue.SEND_HANDOVER);
        new CommandLine(spec).parseArgs("--receiver-kind", "HISTORICAL_ARCHIVE", "--minutes-number", "BB-1",
                "--boxes", "PHONG.CN/H001", "--boxes", "PHONG.CN/H002", "--metres", "0.20",
                "--handed-over-on", "2025-06-01");

        SendHandover h = (SendHandover) ((DerivedRecordCommand) spec.userObject()).command();

        assertThat(h.handoverId()).isNotNull();
        assertThat(h.receiverKind()).isEqualTo(ReceiverKind.HISTORICAL_ARCHIVE);
        assertThat(h.boxes()).containsExactly(new BoxKey("PHONG.CN", "H001"), new BoxKey("PHONG.CN", "H002"));
        assertThat(h.files()).isEmpty();
        assertThat(h.metres()).isEqualTo(new BigDecimal("0.20"));
        assertThat(h.handedOverOn()).isEqualTo(LocalDate.of(2025, 6, 1));
    }

    @Test
    void aFieldNoOptionCanCarryAsksForHandWrittenOptions() {
        assertThatThrownBy(() -> DerivedRecordCommand.spec(CommandCatalogue.DIGITIZE_FILE))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("RecordOptions");
    }

    @Test
    void everyOfferedCommandIsUnderRecordByItsCatalogueName() {
        CommandLine record = AgentCli.commandLine(new AgentCli()).getSubcommands().get("record");

        assertThat(record.getSubcommands().keySet()).containsExactlyElementsOf(
                CommandCatalogue.offered().stream().map(CommandCatalogue::cliName).toList());
        assertThat(List.of("fonds", "location", "extents", "pack-box", "seal-box", "file", "withdraw-file", "appraise",
                "digitize", "handover", "handover-received", "destruction"))
                .containsExactlyElementsOf(record.getSubcommands().keySet());
    }
}
