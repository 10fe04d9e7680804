package org.archivesync.hub.report;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.constraints.Pattern;
import java.time.LocalDate;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The campaign report to Sở Nội vụ as xlsx or PDF: ARCHIVIST or OPERATOR (hub.security's export rule), each download
 * audited with its query (AuditInterceptor audits every .xlsx and .pdf GET).
 */
@Tag(name = "Report", description = "Báo cáo tiến độ gửi Sở Nội vụ (.xlsx, PDF)")
@RestController
@RequestMapping("/api/campaigns/{code}")
class ReportController {

    /** A campaign code, as the campaigns API accepts it. */
    private static final String CODE = "[A-Za-z0-9][A-Za-z0-9._-]{0,63}";

    private final Reports reports;

    ReportController(Reports reports) {
        this.reports = reports;
    }

    @Operation(summary = "Campaign report to Sở Nội vụ, .xlsx (asOf, from: yyyy-MM-dd; number: số văn bản)")
    @GetMapping("/report.xlsx")
    ResponseEntity<byte[]> xlsx(@PathVariable @Pattern(regexp = CODE) String code,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                                @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                                @RequestParam(required = false) String number) {
        return download(reports.report(code, Reports.Format.XLSX, asOf, from, number));
    }

    @Operation(summary = "Campaign report to Sở Nội vụ, PDF (asOf, from: yyyy-MM-dd; number: số văn bản)")
    @GetMapping("/report.pdf")
    ResponseEntity<byte[]> pdf(@PathVariable @Pattern(regexp = CODE) String code,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate asOf,
                               @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                               @RequestParam(required = false) String number) {
        return download(reports.report(code, Reports.Format.PDF, asOf, from, number));
    }

    private static ResponseEntity<byte[]> download(Reports.Document d) {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(d.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.attachment().filename(d.filename()).build().toString())
                .body(d.bytes());
    }
}
