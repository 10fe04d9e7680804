package org.archivesync.avro;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The evolution guard: every topic's value schema stays BACKWARD_TRANSITIVE over its recorded history, and the
 * history records the schema as it is now. The negative tests prove the guard would catch a breaking change.
 */
class SchemaEvolutionTest {

    private static Path history;

    @BeforeAll
    static void locateHistory() throws URISyntaxException {
        history = Path.of(SchemaEvolutionTest.class.getResource("/schema-history").toURI());
    }

    static Stream<Schema> topLevelSchemas() {
        return SchemaHistory.TOP_LEVEL.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topLevelSchemas")
    void currentSchemaReadsDataOfEveryHistoryVersion(Schema current) {
        List<Schema> versions = SchemaHistory.versions(history, current.getName());

        assertThat(versions).as("history of " + current.getName()).isNotEmpty();
        assertThat(SchemaHistory.readProblems(current.getName(), current, versions)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topLevelSchemas")
    void everyHistoryVersionReadsAllEarlierOnes(Schema current) {
        List<Schema> versions = SchemaHistory.versions(history, current.getName());

        assertThat(SchemaHistory.historyProblems(current.getName(), versions)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topLevelSchemas")
    void currentSchemaIsTheNewestHistoryVersion(Schema current) {
        List<Schema> versions = SchemaHistory.versions(history, current.getName());

        assertThat(SchemaHistory.newestProblems(current.getName(), current, versions)).isEmpty();
    }

    @Test
    void everyEnvelopeAndOutboundSchemaIsGuarded() throws IOException {
        // A new topic schema must join TOP_LEVEL, or nothing would hold it to its history.
        List<String> sources;
        try (Stream<Path> files = Stream.concat(Files.list(Path.of("src/main/avro/envelope")),
                Files.list(Path.of("src/main/avro/outbound")))) {
            sources = files.map(f -> f.getFileName().toString().replace(".avsc", "")).toList();
        }

        assertThat(SchemaHistory.TOP_LEVEL).extracting(Schema::getName).containsExactlyInAnyOrderElementsOf(sources);
    }

    @Test
    void historyFilesAreSelfContained() {
        for (Schema current : SchemaHistory.TOP_LEVEL) {
            // Parsed alone by a fresh parser in versions(): no named type may be left to the generated classes.
            assertThat(SchemaHistory.versions(history, current.getName())).allSatisfy(v ->
                    assertThat(new Schema.Parser().parse(v.toString())).isEqualTo(v));
        }
    }

    // ---- the guard itself ----

    @Test
    void guardRefusesAReaderThatAddsARequiredField() {
        Schema v1 = SiteCursor.getClassSchema();
        Schema breaking = withField(v1, "hubId", "string", null);

        List<String> problems = SchemaHistory.readProblems("SiteCursor", breaking, List.of(v1));

        assertThat(problems).singleElement().asString()
                .contains("current SiteCursor cannot read data written with v1")
                .contains("READER_FIELD_MISSING_DEFAULT_VALUE")
                .contains("hubId");
    }

    @Test
    void guardRefusesAHistoryThatIsNotBackwardTransitive() {
        Schema v1 = SiteCursor.getClassSchema();
        Schema v2 = withField(v1, "hubId", "string", "hub-1");
        Schema v3 = withField(withField(v1, "hubId", "string", null), "region", "string", "CM");

        // v3 reads v2 (it has hubId) but not v1 data, which lacks hubId: only a transitive check sees it.
        List<String> problems = SchemaHistory.historyProblems("SiteCursor", List.of(v1, v2, v3));

        assertThat(problems).singleElement().asString().contains("SiteCursor v3 cannot read data written with v1");
    }

    @Test
    void guardAsksForANewVersionWhenTheSchemaChangedCompatibly() {
        Schema v1 = SiteCursor.getClassSchema();
        Schema grown = withField(v1, "note", "string", "");

        assertThat(SchemaHistory.readProblems("SiteCursor", grown, List.of(v1))).isEmpty();
        assertThat(SchemaHistory.newestProblems("SiteCursor", grown, List.of(v1))).singleElement().asString()
                .contains("SiteCursor changed since v1")
                .contains("src/test/resources/schema-history/SiteCursor/v2.avsc");
    }

    @Test
    void guardNoticesAChangedDefaultThatTheCanonicalFormHides() {
        Schema v1 = SiteCursor.getClassSchema();
        ObjectNode tree = (ObjectNode) JsonMapper.builder().build().readTree(v1.toString());
        for (JsonNode field : tree.get("fields")) {
            if (field.get("name").asString().equals("quarantined")) {
                ((ObjectNode) field).put("default", true);
            }
        }
        Schema changedDefault = new Schema.Parser().parse(tree.toString());

        assertThat(SchemaHistory.newestProblems("SiteCursor", changedDefault, List.of(v1))).hasSize(1);
    }

    @Test
    void guardAsksForAHistoryWhenThereIsNone(@TempDir Path empty) {
        List<Schema> none = SchemaHistory.versions(empty, "SiteCursor");

        assertThat(none).isEmpty();
        assertThat(SchemaHistory.newestProblems("SiteCursor", SiteCursor.getClassSchema(), none)).singleElement()
                .asString().contains("SiteCursor/v1.avsc");
    }

    @Test
    void generatorRecordsAChangedSchemaAsTheNextVersionOnly(@TempDir Path root) throws IOException {
        SchemaHistory.main(new String[] {root.toString()});
        SchemaHistory.main(new String[] {root.toString()});

        for (Schema current : SchemaHistory.TOP_LEVEL) {
            assertThat(root.resolve(current.getName())).isDirectoryContaining("glob:**/v1.avsc")
                    .isDirectoryNotContaining("glob:**/v2.avsc");
            assertThat(SchemaHistory.versions(root, current.getName())).containsExactly(current);
        }
    }

    /** {@code schema} with one more field of a primitive type; {@code defaultValue} null for none. */
    private static Schema withField(Schema schema, String name, String type, Object defaultValue) {
        ObjectNode tree = (ObjectNode) JsonMapper.builder().build().readTree(schema.toString());
        ObjectNode field = ((ArrayNode) tree.get("fields")).addObject().put("name", name).put("type", type);
        if (defaultValue instanceof String s) {
            field.put("default", s);
        }
        return new Schema.Parser().parse(tree.toString());
    }
}
