package org.archivesync.hub.report;

import java.util.ArrayList;
import java.util.List;
import org.archivesync.hub.exports.PdfDocument;
import org.archivesync.hub.exports.PdfDocument.Line;

/**
 * The report as PDF in the layout of Nghị định 30/2020/NĐ-CP, on landscape A4 (the decree's choice for a document
 * made of tables), with the exports' embedded Vietnamese font.
 */
final class ReportPdf {

    private static final float[] FIGURES = {3, 16, 7, 7, 7, 7, 7, 8, 8, 6, 6, 6};
    private static final float[] MILESTONES = {3, 14, 16, 8, 8, 8, 6, 8, 12};
    private static final float[] AT_RISK = {3, 20, 14, 40};

    private ReportPdf() {
    }

    static byte[] write(ReportLayout layout) {
        ReportData d = layout.data();
        try (PdfDocument pdf = new PdfDocument(true)) {
            List<String> issuer = layout.issuer();
            List<String> motto = layout.motto();
            pdf.sideBySide(0.4f,
                    List.of(new Line(issuer.get(0), false, 11, false), new Line(issuer.get(1), true, 11, true),
                            new Line(issuer.get(2), false, 11, false)), true,
                    List.of(new Line(motto.get(0), true, 11, false), new Line(motto.get(1), true, 11, true),
                            new Line(motto.get(2), false, 11, false)), true);
            pdf.gap(12);
            pdf.centred(layout.text("title"), true, 14);
            pdf.centred(layout.text("subject"), true, 12);
            pdf.centred(layout.text("period"), false, 11);
            pdf.centred(layout.text("as-of"), false, 11);
            pdf.gap(8);
            pdf.paragraph(layout.text("intro"));
            pdf.paragraph(layout.text("unit-note"));

            pdf.gap(6);
            section(pdf, layout.text("section.districts"));
            pdf.table(FIGURES, layout.figureHeader(true), cells(layout.figureRows(d.districts(), true)));
            pdf.gap(6);
            section(pdf, layout.text("section.communes"));
            pdf.table(FIGURES, layout.figureHeader(false), cells(layout.figureRows(d.communes(), false)));
            if (d.communes().stream().anyMatch(l -> l.kind() == ReportData.Kind.SHARED)) {
                pdf.paragraph(layout.text("communes.note"));
            }
            pdf.gap(6);
            section(pdf, layout.text("section.milestones"));
            table(pdf, layout, MILESTONES, layout.milestoneHeader(), layout.milestoneRows());
            pdf.gap(6);
            section(pdf, layout.text("section.at-risk"));
            table(pdf, layout, AT_RISK, layout.atRiskHeader(), layout.atRiskRows());
            if (layout.truncated() != null) {
                pdf.paragraph(layout.truncated());
            }

            pdf.gap(16);
            List<Line> recipients = new ArrayList<>();
            recipients.add(new Line(layout.text("recipients.heading"), true, 10, false));
            layout.recipients().forEach(r -> recipients.add(new Line(r, false, 9, false)));
            List<Line> signer = new ArrayList<>();
            signer.add(new Line(layout.text("signer.title"), true, 11, false));
            signer.add(new Line(layout.text("signer.hint"), false, 10, false));
            signer.add(new Line(" ", false, 40, false)); // room to sign and seal
            signer.add(new Line(layout.text("signer.name"), true, 11, false));
            pdf.sideBySide(0.5f, recipients, false, signer, true);
            return pdf.bytes();
        }
    }

    private static void section(PdfDocument pdf, String heading) {
        pdf.paragraph(heading, true);
        pdf.gap(5);
    }

    private static void table(PdfDocument pdf, ReportLayout layout, float[] widths, List<String> header,
                              List<List<Object>> rows) {
        if (rows.isEmpty()) {
            pdf.paragraph(layout.text("none"));
        } else {
            pdf.table(widths, header, cells(rows));
        }
    }

    private static List<List<String>> cells(List<List<Object>> rows) {
        return rows.stream().map(r -> r.stream().map(ReportLayout::cell).toList()).toList();
    }
}
