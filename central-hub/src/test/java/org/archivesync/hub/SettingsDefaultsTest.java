package org.archivesync.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.type.filter.AnnotationTypeFilter;

/**
 * Each setting's default is declared once, in its settings record, and the module's README tells it in its settings
 * table: every settings record of an application, bound from an empty configuration, equals the same record bound from
 * the defaults the README documents, and every setting that has a default has a row there (a derived default, such as
 * the password file next to the data directory, is told in words). The agent's records are on the hub's test
 * classpath, so both applications are checked here.
 */
class SettingsDefaultsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource({"org.archivesync.hub, README.md, IngestProperties",
            "org.archivesync.agent, ../site-agent/README.md, PublisherSettings"})
    void theEmptyConfigurationBindsToTheDefaultsTheReadmeDocuments(String basePackage, Path readmeFile,
                                                                     String oneOfThem) throws IOException {
        String readme = Files.readString(readmeFile);
        Map<String, String> documented = documentedDefaults(readme);
        Set<String> undocumented = new TreeSet<>();
        List<String> checked = new ArrayList<>();

        for (Class<?> settings : settingsRecords(basePackage)) {
            String prefix = settings.getAnnotation(ConfigurationProperties.class).value();
            Object bare = new Binder().bindOrCreate(prefix, settings);
            Object told = new Binder(new MapConfigurationPropertySource(documented)).bindOrCreate(prefix, settings);

            assertThat(told).as("%s bound from %s's defaults", settings.getSimpleName(), readmeFile).isEqualTo(bare);
            for (RecordComponent c : settings.getRecordComponents()) {
                String key = prefix + "." + kebab(c.getName());
                if (hasDefault(value(c, bare)) && !c.getType().isRecord() && !readme.contains("| `" + key + "`")) {
                    undocumented.add(key);
                }
            }
            checked.add(settings.getSimpleName());
        }

        assertThat(undocumented).as("settings with a default and no row in %s", readmeFile).isEmpty();
        assertThat(checked).contains(oneOfThem);
    }

    /** The rows {@code | `archive-sync.….x` | `default` | meaning |}; rows whose default is prose are not defaults. */
    private static Map<String, String> documentedDefaults(String readme) {
        Matcher m = Pattern.compile("^\\| `(archive-sync\\.[a-z0-9.-]+)` \\| `([^`]*)` \\|", Pattern.MULTILINE)
                .matcher(readme);
        Map<String, String> defaults = new LinkedHashMap<>();
        while (m.find()) {
            defaults.put(m.group(1), m.group(2));
        }
        assertThat(defaults).as("rows of the settings table").hasSizeGreaterThan(30);
        return defaults;
    }

    private static List<Class<?>> settingsRecords(String basePackage) {
        ClassPathScanningCandidateComponentProvider scan = new ClassPathScanningCandidateComponentProvider(false);
        scan.addIncludeFilter(new AnnotationTypeFilter(ConfigurationProperties.class));
        List<Class<?>> records = new ArrayList<>();
        for (BeanDefinition candidate : scan.findCandidateComponents(basePackage)) {
            try {
                Class<?> type = Class.forName(candidate.getBeanClassName());
                if (type.isRecord()) {
                    records.add(type);
                }
            } catch (ClassNotFoundException e) {
                throw new AssertionError(e);
            }
        }
        return records;
    }

    private static Object value(RecordComponent c, Object record) {
        try {
            c.getAccessor().setAccessible(true);
            return c.getAccessor().invoke(record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    /** Null, an empty text, list or map: nothing is set unless someone sets it. */
    private static boolean hasDefault(Object value) {
        return value != null && !"".equals(value) && !(value instanceof Collection<?> c && c.isEmpty())
                && !(value instanceof Map<?, ?> m && m.isEmpty());
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([A-Z])", "-$1").toLowerCase();
    }
}
