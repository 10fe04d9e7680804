package org.archivesync.agent.importer;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import tools.jackson.core.JacksonException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * Header text to field: the built-in Vietnamese headers ({@code importer/header-aliases.properties})
 * under an optional mapping file, both compared by {@link TextKey}.
 */
final class HeaderAliases {

    private static final String BUILT_IN = "importer/header-aliases.properties";

    private final Map<String, FileField> overrides;
    private final Map<String, FileField> builtIn;

    private HeaderAliases(Map<String, FileField> overrides, Map<String, FileField> builtIn) {
        this.overrides = overrides;
        this.builtIn = builtIn;
    }

    static HeaderAliases builtIn() {
        try (InputStream in = HeaderAliases.class.getClassLoader().getResourceAsStream(BUILT_IN)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + BUILT_IN);
            }
            return new HeaderAliases(Map.of(), parseLines(new String(in.readAllBytes(), StandardCharsets.UTF_8), BUILT_IN));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Adds a mapping file: {@code .json} (an object of header text to field name) or any other
     * name read as properties-style lines {@code header text = field} (UTF-8; the last '=' splits,
     * so headers need no escaping; lines starting with # or ! are comments).
     */
    HeaderAliases withMappingFile(Path file) {
        String name = file.getFileName().toString();
        Map<String, String> raw;
        try {
            if (name.toLowerCase(Locale.ROOT).endsWith(".json")) {
                raw = JsonMapper.builder().build().readValue(file.toFile(), new TypeReference<Map<String, String>>() { });
            } else {
                raw = splitLines(Files.readString(file, StandardCharsets.UTF_8));
            }
        } catch (JacksonException e) {
            throw ImportRefusedException.invalidMapping(name, "not a JSON object of header text to field name", e);
        } catch (UncheckedIOException e) {
            throw ImportRefusedException.invalidMapping(name, e.getCause().getMessage(), e);
        } catch (IOException e) {
            throw ImportRefusedException.invalidMapping(name, "cannot be read", e);
        }
        Map<String, FileField> mapped = new HashMap<>();
        raw.forEach((header, fieldName) -> mapped.put(TextKey.of(header), FileField.byName(fieldName)
                .orElseThrow(() -> ImportRefusedException.invalidMapping(name, header + " = " + fieldName, null))));
        return new HeaderAliases(Map.copyOf(mapped), builtIn);
    }

    /** The field a header cell names, if any: exact headers first, then the longest leading match. */
    Optional<FileField> match(String headerText) {
        String key = TextKey.of(headerText);
        if (key.isEmpty()) {
            return Optional.empty();
        }
        FileField exact = overrides.containsKey(key) ? overrides.get(key) : builtIn.get(key);
        if (exact != null) {
            return Optional.of(exact);
        }
        return longestLeading(overrides, key).or(() -> longestLeading(builtIn, key));
    }

    private static Optional<FileField> longestLeading(Map<String, FileField> aliases, String key) {
        String best = null;
        for (String alias : aliases.keySet()) {
            if (key.startsWith(alias + " ") && (best == null || alias.length() > best.length())) {
                best = alias;
            }
        }
        return Optional.ofNullable(best).map(aliases::get);
    }

    private static Map<String, FileField> parseLines(String text, String source) {
        Map<String, FileField> aliases = new HashMap<>();
        splitLines(text).forEach((header, field) -> aliases.put(TextKey.of(header),
                FileField.byName(field).orElseThrow(() -> new IllegalStateException(source + ": " + field))));
        return Map.copyOf(aliases);
    }

    private static Map<String, String> splitLines(String text) {
        Map<String, String> lines = new LinkedHashMap<>();
        try (BufferedReader reader = new BufferedReader(new java.io.StringReader(text))) {
            String line;
            while ((line = reader.readLine()) != null) {
                String trimmed = line.strip();
                if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith("!")) {
                    continue;
                }
                int split = trimmed.lastIndexOf('=');
                if (split <= 0) {
                    throw new UncheckedIOException(new IOException("no '=' in line: " + trimmed));
                }
                lines.put(trimmed.substring(0, split).strip(), trimmed.substring(split + 1).strip());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }
}
