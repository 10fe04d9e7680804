package org.archivesync.agent.recording;

import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;

/**
 * The one list of recording commands: for each, its name in a batch ({@code POST /api/batch}), its record, its REST
 * endpoint under {@code /api}, its name under {@code record} on the command line, who may record it, the ids the agent
 * chooses, and the rule that checks and applies it. The REST API, the batch endpoint, the security chain and the CLI
 * are derived from it. How to add a command: site-agent/README.md, "Adding a recording command".
 *
 * <p>Every permitted {@link Command} has exactly one entry (checked when this class loads, so a command without one
 * fails the first test that records anything), and every entry has its rule (the constructor requires it): the
 * dispatch is exhaustive.
 */
public enum CommandCatalogue {

    REGISTER_FONDS("register-fonds", "POST", "/fonds", "fonds", false,
            rule(RegisterFonds.class, (r, c, s) -> r.fonds.register(c, s))),
    REGISTER_STORAGE_LOCATION("register-storage-location", "POST", "/storage-locations", "location", false,
            rule(RegisterStorageLocation.class, (r, c, s) -> r.locations.register(c, s))),
    REPORT_EXTENTS("report-extents", "POST", "/extents", "extents", false,
            rule(ReportExtents.class, (r, c, s) -> r.fonds.reportExtents(c, s))),
    PACK_BOX("pack-box", "POST", "/boxes", "pack-box", false,
            rule(PackBox.class, (r, c, s) -> r.boxes.pack(c, s))),
    /** The path names the box: its variables are the command's fields, the body gives the rest. */
    SEAL_BOX("seal-box", "POST", "/fonds/{fondsCode}/boxes/{boxCode}/seal", "seal-box", false,
            rule(SealBox.class, (r, c, s) -> r.boxes.seal(c, s))),
    RECORD_FILE("record-file", "PUT", "/files", "file", false,
            rule(RecordFile.class, (r, c, s) -> r.files.record(c, s))),
    WITHDRAW_FILE("withdraw-file", "POST", "/files/withdrawals", "withdraw-file", false,
            rule(WithdrawFile.class, (r, c, s) -> r.fileCare.withdraw(c, s))),
    APPRAISE_FILE("appraise-file", "POST", "/appraisals", "appraise", false,
            rule(AppraiseFile.class, (r, c, s) -> r.fileCare.appraise(c, s))),
    DIGITIZE_FILE("digitize-file", "POST", "/digital-objects", "digitize", false,
            rule(DigitizeFile.class, (r, c, s) -> r.fileCare.digitize(c, s))),
    SEND_HANDOVER("send-handover", "POST", "/handovers", "handover", false,
            rule(SendHandover.class, (r, c, s) -> r.handovers.send(c, s))
                    .withId(SendHandover::handoverId, CommandCatalogue::chooseId)),
    CONFIRM_HANDOVER_RECEIVED("confirm-handover-received", "POST", "/handovers/received", "handover-received", false,
            rule(ConfirmHandoverReceived.class, (r, c, s) -> r.handovers.confirmReceived(c, s))
                    .withId(ConfirmHandoverReceived::handoverId, UnaryOperator.identity())),
    /** Needs the office head (or the local administrator): alone, and in a batch. */
    RECORD_DESTRUCTION("record-destruction", "POST", "/destructions", "destruction", true,
            rule(RecordDestruction.class, (r, c, s) -> r.destructions.record(c, s))
                    .withId(RecordDestruction::destructionId, CommandCatalogue::chooseId)),
    /** Built by {@code KeyRotation.rotate} only: not offered by the local API, a batch or {@code record}. */
    ROTATE_KEY(null, null, null, null, false, rule(RotateKey.class, (r, c, s) -> r.keys.rotate(c, s)));

    private static final Map<Class<?>, CommandCatalogue> BY_TYPE = new HashMap<>();
    private static final Map<String, CommandCatalogue> BY_NAME = new HashMap<>();

    static {
        for (CommandCatalogue entry : values()) {
            if (BY_TYPE.put(entry.type(), entry) != null
                    || entry.name != null && BY_NAME.put(entry.name, entry) != null) {
                throw new IllegalStateException("command catalogued twice: " + entry);
            }
        }
        Set<Class<?>> permitted = Set.of(Command.class.getPermittedSubclasses());
        if (!permitted.equals(BY_TYPE.keySet())) {
            throw new IllegalStateException("commands without a catalogue entry: " + permitted.stream()
                    .filter(t -> !BY_TYPE.containsKey(t)).map(Class::getSimpleName).collect(Collectors.joining(", ")));
        }
    }

    private final String name;
    private final String httpMethod;
    private final String path;
    private final String cliName;
    private final boolean officeHeadOnly;
    private final Binding<?> binding;

    CommandCatalogue(String name, String httpMethod, String path, String cliName, boolean officeHeadOnly,
                     Binding<?> binding) {
        this.name = name;
        this.httpMethod = httpMethod;
        this.path = path;
        this.cliName = cliName;
        this.officeHeadOnly = officeHeadOnly;
        this.binding = binding;
    }

    /** The entry of {@code command}'s record (never null for a non-null command). */
    public static CommandCatalogue of(Command command) {
        return BY_TYPE.get(command.getClass());
    }

    /** The entry a batch item's {@code type} names; empty for an unknown name, a null one, or one not offered. */
    public static Optional<CommandCatalogue> byName(String name) {
        return Optional.ofNullable(name == null ? null : BY_NAME.get(name));
    }

    /** The entries the local API, a batch and {@code record} offer, in catalogue order. */
    public static List<CommandCatalogue> offered() {
        return Arrays.stream(values()).filter(e -> e.name != null).toList();
    }

    /** The name in a batch, e.g. {@code record-file}; null when not {@linkplain #offered() offered}. */
    public String batchName() {
        return name;
    }

    /** The command's record (never null). */
    public Class<? extends Command> type() {
        return binding.type();
    }

    /** {@code POST} or {@code PUT}; null when not offered. */
    public String httpMethod() {
        return httpMethod;
    }

    /** The endpoint under {@code /api}, e.g. {@code /fonds}; {@code {name}} variables are command fields; null when not offered. */
    public String path() {
        return path;
    }

    /** The name under {@code record} on the command line, e.g. {@code pack-box}; null when not offered. */
    public String cliName() {
        return cliName;
    }

    /** Whether recording it needs the office head (or the local administrator), alone or in a batch. */
    public boolean officeHeadOnly() {
        return officeHeadOnly;
    }

    /** The command with the ids the agent chooses when a request leaves them out (a handover's, a destruction's). */
    public Command withChosenIds(Command command) {
        return binding.withChosenIds(command);
    }

    /** The id an answer names (the handover or destruction id), or null when the command has none. */
    public Object id(Command command) {
        return binding.id(command);
    }

    SpecificRecord apply(Rules rules, Command command, long sequence) throws SQLException {
        return binding.apply(rules, command, sequence);
    }

    private static SendHandover chooseId(SendHandover h) {
        return h.handoverId() != null ? h : new SendHandover(UUID.randomUUID(), h.receiverKind(), h.receivingUnitCode(),
                h.receivingSiteCode(), h.minutesNumber(), h.boxes(), h.files(), h.metres(), h.handedOverOn());
    }

    private static RecordDestruction chooseId(RecordDestruction d) {
        return d.destructionId() != null ? d : new RecordDestruction(UUID.randomUUID(), d.decisionRef(),
                d.firstApprover(), d.secondApprover(), d.minutesNumber(), d.files(), d.metres(), d.destroyedOn());
    }

    /** How one rule checks and applies its command inside the transaction. */
    @FunctionalInterface
    interface Rule<C extends Command> {
        SpecificRecord apply(Rules rules, C command, long sequence) throws SQLException;
    }

    private static <C extends Command> Binding<C> rule(Class<C> type, Rule<C> rule) {
        return new Binding<>(type, rule, c -> null, UnaryOperator.identity());
    }

    /** A record bound to its rule, typed, so no entry casts. */
    private record Binding<C extends Command>(Class<C> type, Rule<C> rule, Function<C, Object> id,
                                              UnaryOperator<C> chooseIds) {

        Binding<C> withId(Function<C, Object> id, UnaryOperator<C> chooseIds) {
            return new Binding<>(type, rule, id, chooseIds);
        }

        SpecificRecord apply(Rules rules, Command command, long sequence) throws SQLException {
            return rule.apply(rules, type.cast(command), sequence);
        }

        Command withChosenIds(Command command) {
            return chooseIds.apply(type.cast(command));
        }

        Object id(Command command) {
            return id.apply(type.cast(command));
        }
    }
}
