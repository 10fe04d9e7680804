package org.archivesync.agent.recording;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.archivesync.avro.ReceiverKind;
import org.junit.jupiter.api.Test;

/** The one list of commands: complete, unambiguous, and the ids the agent chooses. */
class CommandCatalogueTest {

    @Test
    void everyPermittedCommandHasExactlyOneEntry() {
        Set<Class<?>> catalogued = new HashSet<>();
        for (CommandCatalogue entry : CommandCatalogue.values()) {
            assertThat(catalogued.add(entry.type())).as(entry.name()).isTrue();
        }
        assertThat(catalogued).containsExactlyInAnyOrder(Command.class.getPermittedSubclasses());
    }

    @Test
    void namesPathsAndCliNamesAreUniqueAmongTheOfferedCommands() {
        List<CommandCatalogue> offered = CommandCatalogue.offered();
        assertThat(offered).extracting(CommandCatalogue::batchName).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(offered).extracting(CommandCatalogue::cliName).doesNotHaveDuplicates().doesNotContainNull();
        assertThat(offered).extracting(e -> e.httpMethod() + " " + e.path()).doesNotHaveDuplicates();
        assertThat(offered).allSatisfy(e -> assertThat(e.httpMethod()).isIn("POST", "PUT"));
    }

    @Test
    void theKeyRotationIsNotOfferedAndOnlyADestructionNeedsTheOfficeHead() {
        assertThat(CommandCatalogue.offered()).doesNotContain(CommandCatalogue.ROTATE_KEY);
        assertThat(CommandCatalogue.byName(null)).isEmpty();
        assertThat(CommandCatalogue.byName("rotate-key")).isEmpty();
        assertThat(CommandCatalogue.byName("record-destruction")).contains(CommandCatalogue.RECORD_DESTRUCTION);
        assertThat(Arrays.stream(CommandCatalogue.values()).filter(CommandCatalogue::officeHeadOnly))
                .containsExactly(CommandCatalogue.RECORD_DESTRUCTION);
    }

    @Test
    void theAgentChoosesAHandoverIdOnlyWhenNoneIsGiven() {
        SendHandover without = new SendHandover(null, ReceiverKind.HISTORICAL_ARCHIVE, null, null, "BB-1",
                List.of(new BoxKey("F", "H1")), List.of(), BigDecimal.ONE, LocalDate.of(2025, 6, 1));
        SendHandover chosen = (SendHandover) CommandCatalogue.SEND_HANDOVER.withChosenIds(without);
        UUID given = UUID.randomUUID();
        SendHandover with = new SendHandover(given, without.receiverKind(), null, null, "BB-1", without.boxes(),
                List.of(), BigDecimal.ONE, without.handedOverOn());

        assertThat(chosen.handoverId()).isNotNull();
        assertThat(CommandCatalogue.SEND_HANDOVER.id(chosen)).isEqualTo(chosen.handoverId());
        assertThat(CommandCatalogue.SEND_HANDOVER.withChosenIds(with)).isSameAs(with);
        assertThat(CommandCatalogue.PACK_BOX.id(new PackBox("H1", "F", null, BigDecimal.ONE))).isNull();
    }

    @Test
    void everyCommandFindsItsEntry() {
        assertThat(CommandCatalogue.of(new SealBox("H1", "F", "NP"))).isEqualTo(CommandCatalogue.SEAL_BOX);
        assertThat(CommandCatalogue.of(new RotateKey("k", "p", "f"))).isEqualTo(CommandCatalogue.ROTATE_KEY);
    }
}
