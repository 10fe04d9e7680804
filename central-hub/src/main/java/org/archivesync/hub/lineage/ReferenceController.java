package org.archivesync.hub.lineage;

import java.security.Principal;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.archivesync.hub.api.InvalidRequestException;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * Operators load or correct units and lineage from a CSV in the format of the shipped files, as the request body
 * ({@code text/csv}) or a form upload (part {@code file}). {@code dryRun=true} (the default) reports what would change
 * and every refused value without keeping anything.
 */
@Tag(name = "Reference data", description = "Load or correct units and lineage from CSV")
@RestController
@RequestMapping("/api/reference")
class ReferenceController {

    private final Lineage lineage;
    private final LineageProperties properties;

    ReferenceController(Lineage lineage, LineageProperties properties) {
        this.lineage = lineage;
        this.properties = properties;
    }

    @Operation(summary = "Load units (kind=units) or lineage (kind=lineage) from a CSV body")
    @PostMapping(path = "/{kind}", consumes = {"text/csv", MediaType.TEXT_PLAIN_VALUE})
    ReferenceLoadReport upload(@PathVariable @Pattern(regexp = "units|lineage") String kind,
                               @RequestBody byte[] body,
                               @RequestParam(defaultValue = "true") boolean dryRun,
                               Principal operator) {
        return load(kind, body, dryRun, operator.getName());
    }

    @Operation(summary = "Load units or lineage from an uploaded CSV file (form part 'file')")
    @PostMapping(path = "/{kind}", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ReferenceLoadReport uploadForm(@PathVariable @Pattern(regexp = "units|lineage") String kind,
                                   @RequestPart("file") MultipartFile file,
                                   @RequestParam(defaultValue = "true") boolean dryRun,
                                   Principal operator) {
        try {
            return load(kind, file.getBytes(), dryRun, operator.getName());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ReferenceLoadReport load(String kind, byte[] body, boolean dryRun, String operator) {
        if (body.length == 0) {
            throw new InvalidRequestException("file", "", "the CSV is empty");
        }
        if (body.length > properties.maxUpload().toBytes()) {
            throw new InvalidRequestException("file", body.length + " bytes", "larger than " + properties.maxUpload());
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException e) {
            throw new InvalidRequestException("file", null, "not UTF-8 text (save the sheet as 'CSV UTF-8')");
        }
        return "units".equals(kind) ? lineage.loadUnits(text, dryRun, operator) : lineage.loadLineage(text, dryRun, operator);
    }
}
