package org.archivesync.agent.messages;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.HashSet;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.archivesync.agent.recording.Refusal;
import org.archivesync.agent.watcher.ScanIssue;
import org.junit.jupiter.api.Test;

class MessageBundlesTest {

    static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = MessageBundlesTest.class.getClassLoader().getResourceAsStream(name)) {
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }

    @Test
    void vietnameseAndEnglishHaveTheSameKeys() throws IOException {
        assertThat(load("messages_en.properties").stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(load("messages.properties").stringPropertyNames());
    }

    @Test
    void vietnameseValueIsNotTheEnglishSentence() throws IOException {
        Properties vi = load("messages.properties");
        Properties en = load("messages_en.properties");
        Pattern word = Pattern.compile("[A-Za-z]{3,}");
        Set<String> untranslated = new java.util.TreeSet<>();
        for (String key : en.stringPropertyNames()) {
            String english = en.getProperty(key);
            if (word.matcher(english.replaceAll("\\{[^}]*}", " ")).find() && english.equals(vi.getProperty(key))) {
                untranslated.add(key + "=" + english);
            }
        }
        assertThat(untranslated).as("Vietnamese values left in English (no value is exempt)").isEmpty();
    }

    @Test
    void everyMessageIsAValidPatternAndNotEmpty() throws IOException {
        for (String bundle : new String[] {"messages.properties", "messages_en.properties"}) {
            Properties p = load(bundle);
            for (String key : p.stringPropertyNames()) {
                assertThat(p.getProperty(key)).as(bundle + " " + key).isNotBlank();
                new MessageFormat(p.getProperty(key)); // throws on a broken pattern
                assertThat(p.getProperty(key).replace("''", "")).as("%s %s: a lone apostrophe is a MessageFormat quote",
                        bundle, key).doesNotContain("'");
            }
        }
    }

    @Test
    void everyRefusalHasItsMessageAndItNamesTheField() {
        for (Refusal r : Refusal.values()) {
            for (Locale l : new Locale[] {AgentMessages.VIETNAMESE, Locale.ENGLISH}) {
                AgentMessages m = AgentMessages.of(l);
                assertThat(m.has(r.messageKey())).as(r + " in " + l).isTrue();
                if (r == Refusal.FORK_BEHIND || r == Refusal.FORK_BESIDE) {
                    // About the whole store, not a field: the hub's sequence and this store's.
                    assertThat(m.get(r.messageKey(), "", 12L, 9L)).as(r + " in " + l).contains("12", "9", "rebase");
                } else if (r != Refusal.NOT_ENROLLED && r != Refusal.BATCH_EMPTY) {
                    assertThat(m.get(r.messageKey(), "someField", "X", "Y")).as(r + " in " + l).contains("someField");
                }
            }
        }
    }

    @Test
    void everyKeyTheCodeUsesExists() throws IOException {
        Set<String> keys = load("messages.properties").stringPropertyNames();
        Pattern literal = Pattern.compile("\"((?:cli|enrollment|identity|bundle|problem|web|import|scans|access)\\.[a-z0-9.-]*[a-z0-9])\"");
        Set<String> used = new HashSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = literal.matcher(Files.readString(f));
                while (m.find()) {
                    used.add(m.group(1));
                }
            }
        }
        assertThat(used).hasSizeGreaterThan(20);
        assertThat(keys).containsAll(used);
    }

    @Test
    void everyScanIssueHasItsMessageInBothLanguages() {
        for (ScanIssue.Kind kind : ScanIssue.Kind.values()) {
            for (Locale l : new Locale[] {AgentMessages.VIETNAMESE, Locale.ENGLISH}) {
                ScanIssue issue = new ScanIssue("F/HS-1/a.pdf", "F", "HS-1", kind, "damaged", java.time.Instant.EPOCH);
                assertThat(issue.describe(AgentMessages.of(l))).as(kind + " in " + l).contains("F/HS-1/a.pdf");
            }
        }
        assertThat(new ScanIssue("F/HS-1/a.pdf", "F", "HS-1", ScanIssue.Kind.UNREADABLE, "damaged", java.time.Instant.EPOCH)
                .describe(AgentMessages.of(Locale.ENGLISH))).endsWith("unusable: the file is damaged.");
    }

    @Test
    void aComputerWithAnEnglishLocaleStillGetsVietnamese() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.US);
            assertThat(AgentMessages.of(null).get("problem.recording-refused")).isEqualTo("Lệnh bị từ chối");
            assertThat(AgentMessages.of(Locale.FRENCH).get("problem.recording-refused")).isEqualTo("Lệnh bị từ chối");
            assertThat(AgentMessages.forLanguage("en").get("problem.recording-refused")).isEqualTo("Command refused");
        } finally {
            Locale.setDefault(before);
        }
    }
}
