package org.archivesync.hub.exports;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.util.Locale;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Downloads: file lists as .xlsx, handover minutes and destruction records as PDF (labels in the caller's language). */
@Tag(name = "Exports", description = "Mục lục hồ sơ (.xlsx), biên bản giao nhận and biên bản hủy tài liệu (PDF)")
@RestController
@RequestMapping("/api")
class ExportsController {

    private final Exports exports;

    ExportsController(Exports exports) {
        this.exports = exports;
    }

    @Operation(summary = "File list (mục lục hồ sơ) of a fonds, .xlsx")
    @GetMapping("/fonds/{fondsCode}/file-list.xlsx")
    ResponseEntity<byte[]> fondsFileList(@PathVariable @Pattern(regexp = "[\\p{L}\\p{N}._/-]{1,128}") String fondsCode,
                                         Locale locale) {
        return download(exports.fondsFileList(fondsCode, locale), Exports.XLSX, "muc-luc-ho-so-" + fondsCode + ".xlsx");
    }

    @Operation(summary = "File list attached to a handover's minutes, .xlsx")
    @GetMapping("/handovers/{id}/file-list.xlsx")
    ResponseEntity<byte[]> handoverFileList(@PathVariable UUID id, Locale locale) {
        return download(exports.handoverFileList(id, locale), Exports.XLSX, "muc-luc-giao-nhan-" + id + ".xlsx");
    }

    @Operation(summary = "Handover minutes (biên bản giao nhận), PDF")
    @GetMapping("/handovers/{id}/minutes.pdf")
    ResponseEntity<byte[]> minutes(@PathVariable UUID id, Locale locale) {
        return download(exports.handoverMinutes(id, locale), MediaType.APPLICATION_PDF_VALUE, "bien-ban-giao-nhan-" + id + ".pdf");
    }

    @Operation(summary = "Destruction record (biên bản hủy tài liệu), PDF")
    @GetMapping("/destructions/{id}/record.pdf")
    ResponseEntity<byte[]> destruction(@PathVariable UUID id, Locale locale) {
        return download(exports.destructionRecord(id, locale), MediaType.APPLICATION_PDF_VALUE, "bien-ban-huy-" + id + ".pdf");
    }

    private static ResponseEntity<byte[]> download(byte[] body, String type, String filename) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(type))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(filename).build().toString())
                .body(body);
    }
}
