package org.archivesync.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.archivesync.hub.alerts.AlertKind;
import org.archivesync.hub.progress.MilestoneKind;
import org.archivesync.hub.progress.Progress;
import org.archivesync.hub.security.Role;
import org.junit.jupiter.api.Test;

/**
 * Every text of the console comes from the bundles, in Vietnamese and in English: the keys the templates name, the keys
 * they build from a value (an alert kind, an appraisal decision, a custody state...), and no literal words between
 * tags.
 */
class ConsoleMessagesTest {

    private static final Path TEMPLATES = Path.of("src/main/resources/templates");
    private static final Pattern KEY = Pattern.compile("#\\{([a-z][a-z0-9.\\-]+)[}(]");
    private static final Pattern BUILT = Pattern.compile("#messages\\.msg\\('([a-z.\\-]+\\.)'");
    /** Values a template turns into a key by prefix. */
    private static final List<String> VALUES = List.of("appraisal.TRANSFER_TO_HISTORICAL", "appraisal.KEEP_AT_SUCCESSOR",
            "appraisal.DESTROY", "appraisal.NONE", "custody.AT_SITE", "custody.IN_TRANSIT", "custody.RECEIVED",
            "custody.RECEIVED_WITH_DISCREPANCIES", "custody.RECEIPT_ONLY", "custody.DESTROYED", "custody.WITHDRAWN", "retention.PERMANENT",
            "retention.FIXED_TERM", "retention.LEGACY_LONG_TERM", "retention.LEGACY_TEMPORARY", "access.OPEN", "access.RESTRICTED", "access.STATE_SECRET", "secret.CONFIDENTIAL",
            "secret.SECRET", "secret.TOP_SECRET", "box.PACKED", "box.SEALED", "receiver.SUCCESSOR_UNIT",
            "receiver.HISTORICAL_ARCHIVE", "receiver.OTHER_BODY", "milestone.status.DONE", "milestone.status.ON_TRACK",
            "milestone.status.AT_RISK", "milestone.status.NOTHING_TO_DO", "milestone.status.NOT_MEASURED", "history.RECORDED", "history.APPRAISED",
            "history.DIGITIZED", "history.SENT", "history.RECEIVED", "history.NOT_RECEIVED", "history.DESTROYED",
            "history.WITHDRAWN", "sites.state.ONLINE", "sites.state.SILENT", "sites.state.NEVER",
            "sites.state.QUARANTINED", "sites.key-retired.ROTATED", "sites.key-retired.REVOKED",
            "sites.key-retired.REENROLLED", "file.reassign-refused.UNKNOWN_FONDS",
            "file.reassign-refused.UNKNOWN_SITE", "file.reassign-refused.ALREADY_HOLDER", "file.reassign-refused.NO_REASON", "destruction.status.APPLIED", "destruction.status.REFUSED",
            "handovers.tab.IN_TRANSIT", "handovers.tab.OVERDUE", "handovers.tab.RECEIVED",
            "handovers.tab.RECEIVED_WITH_DISCREPANCIES", "unit-type.tinh", "unit-type.thanh_pho", "unit-type.huyen",
            "unit-type.thi_xa", "unit-type.xa", "unit-type.phuong", "unit-type.thi_tran",
            // Reasons of InvalidUserException, shown on the users and account pages.
            "user.bad-username", "user.password-too-short", "user.exists", "user.unknown", "user.cannot-disable-self",
            "user.last-operator", "user.wrong-password", "user.passwords-differ", "user.reset-self",
            // The refusal of a second-factor code on the account page.
            "account.factor.wrong-code",
            // Custody history details (Custody) and the records refusals name (Formats.recordKindKey).
            "history.detail.box", "history.detail.seal", "history.detail.location", "history.detail.not-boxed",
            "history.detail.in-box", "history.detail.appraised", "history.detail.appraised-council",
            "history.detail.digitized", "history.detail.sent", "history.detail.sent-to-unit",
            "history.detail.receiver-unknown", "history.detail.received-by", "history.detail.destroyed",
            "history.detail.withdrawn", "record.kind.file", "record.kind.box", "record.kind.fonds",
            "record.kind.extent-of-fonds", "record.kind.handover",
            // What the report page refuses.
            "reports.invalid.as-of", "reports.invalid.from", "reports.invalid.number",
            // The campaign pages: fields and reasons of CampaignEdits' refusals, and the notices after a change.
            "campaigns.field.campaignCode", "campaigns.field.name", "campaigns.field.startsOn", "campaigns.field.dueOn",
            "campaigns.field.place", "campaigns.problem.bad-code", "campaigns.problem.exists",
            "campaigns.problem.no-name", "campaigns.problem.long-name", "campaigns.problem.no-date",
            "campaigns.problem.bad-date", "campaigns.problem.before-start", "campaigns.problem.start-after-milestone",
            "campaigns.problem.no-milestone", "campaigns.problem.no-place", "campaigns.problem.bad-place",
            "campaigns.problem.duplicate", "campaigns.problem.unknown-district", "campaigns.problem.unknown-site",
            "campaigns.problem.too-many-dates", "campaigns.problem.no-such-date", "campaigns.done.created",
            "campaigns.done.changed", "campaigns.done.milestone", "campaigns.done.milestone-removed",
            "campaigns.done.date-added", "campaigns.done.date-removed", "campaigns.scope.DISTRICT",
            "campaigns.scope.SITE");

    @Test
    void everyKeyTheTemplatesUseExistsInBothLanguages() throws IOException {
        Set<String> used = new TreeSet<>(VALUES);
        for (AlertKind kind : AlertKind.values()) {
            used.add("alert.kind." + kind.name());
        }
        for (Role role : Role.values()) {
            used.add("role." + role.name());
        }
        for (String measure : Progress.MEASURES) {
            used.add("measure." + measure);
        }
        for (MilestoneKind kind : MilestoneKind.values()) {
            used.add("milestone.kind." + kind.name());
            used.add("milestone.kind." + kind.name() + ".measures");
        }
        Set<String> prefixes = new TreeSet<>();
        for (String template : templates()) {
            Matcher keys = KEY.matcher(template);
            while (keys.find()) {
                used.add(keys.group(1));
            }
            Matcher built = BUILT.matcher(template);
            while (built.find()) {
                prefixes.add(built.group(1));
            }
        }
        Properties vi = bundle("messages.properties");
        Properties en = bundle("messages_en.properties");
        assertThat(used).allSatisfy(key -> {
            assertThat(vi.getProperty(key)).as("vi " + key).isNotBlank();
            assertThat(en.getProperty(key)).as("en " + key).isNotBlank();
        });
        // Each prefix a template builds keys from is covered by the values listed above.
        assertThat(prefixes).allSatisfy(prefix -> assertThat(used).anyMatch(k -> k.startsWith(prefix)));
    }

    @Test
    void templatesHoldNoLiteralWordsOutsideTheBundles() throws IOException {
        // Text between tags must be a placeholder replaced by th:text (lowercase ASCII) or nothing.
        Pattern text = Pattern.compile(">([^<>{}]*[\\p{L}][^<>{}]*)<");
        for (String template : templates()) {
            Matcher m = text.matcher(template);
            while (m.find()) {
                String words = m.group(1).strip();
                assertThat(words).as("literal text in a template").matches("[a-z0-9 .\\-]*|SHA-256|archive-sync");
            }
        }
    }

    @Test
    void vietnameseAndEnglishHaveTheSameKeys() throws IOException {
        assertThat(bundle("messages_en.properties").stringPropertyNames())
                .isEqualTo(bundle("messages.properties").stringPropertyNames());
    }

    /**
     * Keys whose Vietnamese value may equal the English one: a language's own name in the switcher, and the
     * administrative unit types, which keep their Vietnamese words in both languages (place names).
     */
    private static final List<String> SAME_IN_BOTH = List.of("lang.vi", "lang.en", "unit-type.");

    @Test
    void vietnameseValueIsNotTheEnglishSentence() throws IOException {
        Properties vi = bundle("messages.properties");
        Properties en = bundle("messages_en.properties");
        List<String> untranslated = new ArrayList<>();
        for (String key : new TreeSet<>(en.stringPropertyNames())) {
            String english = en.getProperty(key);
            boolean sentence = Pattern.compile("[A-Za-z]{3,}").matcher(english.replaceAll("\\{[^}]*}", " ")).find();
            boolean allowed = SAME_IN_BOTH.stream().anyMatch(a -> a.endsWith(".") ? key.startsWith(a) : key.equals(a));
            if (sentence && !allowed && english.equals(vi.getProperty(key))) {
                untranslated.add(key + "=" + english);
            }
        }
        assertThat(untranslated).as("Vietnamese values left in English").isEmpty();
    }

    private static List<String> templates() throws IOException {
        List<String> all = new ArrayList<>();
        try (Stream<Path> files = Files.walk(TEMPLATES)) {
            for (Path p : files.filter(p -> p.toString().endsWith(".html")).toList()) {
                all.add(Files.readString(p, StandardCharsets.UTF_8));
            }
        }
        return all;
    }

    private static Properties bundle(String name) throws IOException {
        Properties p = new Properties();
        try (Reader in = new InputStreamReader(ConsoleMessagesTest.class.getResourceAsStream("/" + name),
                StandardCharsets.UTF_8)) {
            p.load(in);
        }
        return p;
    }
}
