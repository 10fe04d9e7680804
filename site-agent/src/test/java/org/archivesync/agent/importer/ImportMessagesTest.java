package org.archivesync.agent.importer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

class ImportMessagesTest {

    @Test
    void vietnameseAndEnglishBundlesHaveTheSameImportKeys() throws IOException {
        assertThat(importKeys("messages_en.properties")).isEqualTo(importKeys("messages.properties"));
    }

    @Test
    void everyReasonAndFieldHasAMessage() throws IOException {
        Set<String> keys = importKeys("messages.properties");
        for (ProblemReason reason : ProblemReason.values()) {
            assertThat(keys).contains(reason.messageKey());
        }
        for (FileField field : FileField.values()) {
            assertThat(keys).contains(field.messageKey());
        }
    }

    @Test
    void fallsBackToVietnameseNotToTheServerLocale() {
        Locale server = Locale.getDefault();
        try {
            Locale.setDefault(Locale.ENGLISH);
            assertThat(ImportMessages.format(Locale.forLanguageTag("fr"), "import.problem.missing-file-code"))
                    .isEqualTo("thiếu mã hồ sơ (không có mã hồ sơ, số và ký hiệu hồ sơ hay hồ sơ số)");
        } finally {
            Locale.setDefault(server);
        }
    }

    private static Set<String> importKeys(String bundle) throws IOException {
        Properties properties = new Properties();
        try (InputStream in = ImportMessagesTest.class.getClassLoader().getResourceAsStream(bundle)) {
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        Set<String> keys = new TreeSet<>();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("import.")) {
                keys.add(key);
            }
        }
        return keys;
    }
}
