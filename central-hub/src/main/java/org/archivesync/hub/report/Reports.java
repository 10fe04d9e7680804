package org.archivesync.hub.report;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.archivesync.hub.api.InvalidRequestException;
import org.archivesync.hub.asof.CatalogueAt;
import org.archivesync.hub.progress.Campaign;
import org.archivesync.hub.progress.Campaigns;
import org.archivesync.hub.progress.Progress;

/**
 * The campaign report a director sends to the Department of Home Affairs (báo cáo gửi Sở Nội vụ): progress of sorting,
 * packing, sealing, digitizing, handing over and transferring records during the merger of administrative units,
 * per former district and per new commune, with the milestones and the offices at risk, as xlsx and as PDF in the
 * administrative layout of Nghị định 30/2020/NĐ-CP. Every text of the layout comes from the province's template
 * ({@code archive-sync.hub.report.template}).
 *
 * <p>A request is bounded: the as-of day is not in the future, the period starts on or before it and spans at most
 * {@link #MAX_PERIOD_YEARS} years, the number has at most {@link #MAX_NUMBER_LENGTH} characters. Arguments may be null
 * where said; results are never null.
 */
public final class Reports {

    /** The longest period a report covers. */
    public static final int MAX_PERIOD_YEARS = 2;
    /** The longest document number (số văn bản). */
    public static final int MAX_NUMBER_LENGTH = 50;
    static final String XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
    private static final ZoneId VIETNAM = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Pattern NUMBER = Pattern.compile("[\\p{L}\\p{N} ./-]*");
    // Rows per view: the number of offices bounds them; this only stops a runaway read.
    private static final int MAX_ROWS = 20_000;

    private final Campaigns campaigns;
    private final Progress progress;
    private final Optional<CatalogueAt> catalogueAt;
    private final BoxCounts boxes;
    private final ReportTemplate template;
    private final Clock clock;

    Reports(Campaigns campaigns, Progress progress, Optional<CatalogueAt> catalogueAt, BoxCounts boxes, ReportTemplate template, Clock clock) {
        this.campaigns = campaigns;
        this.progress = progress;
        this.catalogueAt = catalogueAt;
        this.boxes = boxes;
        this.template = template;
        this.clock = clock;
    }

    /** A produced report: its bytes, media type and the file name to download it as. */
    public record Document(byte[] bytes, String contentType, String filename) {
    }

    /** The format of a report. */
    public enum Format { XLSX, PDF }

    /**
     * The report of a campaign.
     *
     * @param asOf the day the figures are as of; null for today (Việt Nam)
     * @param from the first day of the period; null for the campaign's start (or {@code asOf} when it starts later)
     * @param number the document's number (số), null or blank to leave it for the clerk
     * @throws org.archivesync.hub.api.NotFoundException when there is no such campaign
     * @throws InvalidRequestException naming each refused parameter, its value and why
     */
    public Document report(String campaignCode, Format format, LocalDate asOf, LocalDate from, String number) {
        List<InvalidRequestException.FieldError> errors = refusals(asOf, from, number);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        LocalDate today = today();
        LocalDate day = asOf == null ? today : asOf;
        Campaign campaign = campaigns.campaign(campaignCode);
        LocalDate start = from != null ? from : campaign.startsOn().isAfter(day) ? day : campaign.startsOn();
        if (from == null && start.plusYears(MAX_PERIOD_YEARS).isBefore(day)) {
            start = day.minusYears(MAX_PERIOD_YEARS);
        }
        ReportData data = ReportData.from(progress, catalogueAt, boxes, campaign.campaignCode(), start, day, today,
                MAX_ROWS);
        ReportLayout layout = new ReportLayout(template, data, today, number);
        String name = "bao-cao-" + campaign.campaignCode() + "-" + day;
        return switch (format) {
            case XLSX -> new Document(ReportWorkbook.write(layout), XLSX, name + ".xlsx");
            case PDF -> new Document(ReportPdf.write(layout), "application/pdf", name + ".pdf");
        };
    }

    /**
     * What {@link #report} would refuse in these arguments, each with the parameter ({@code asOf}, {@code from},
     * {@code number}), the value and why; empty when they are acceptable.
     */
    public List<InvalidRequestException.FieldError> refusals(LocalDate asOf, LocalDate from, String number) {
        LocalDate today = today();
        List<InvalidRequestException.FieldError> errors = new ArrayList<>();
        LocalDate day = asOf == null ? today : asOf;
        if (day.isAfter(today)) {
            errors.add(new InvalidRequestException.FieldError("asOf", asOf, "in the future; today is " + today));
        }
        if (from != null && from.isAfter(day)) {
            errors.add(new InvalidRequestException.FieldError("from", from, "after the as-of day " + day));
        }
        if (from != null && from.plusYears(MAX_PERIOD_YEARS).isBefore(day)) {
            errors.add(new InvalidRequestException.FieldError("from", from,
                    "the period to " + day + " is longer than " + MAX_PERIOD_YEARS + " years"));
        }
        if (number != null && number.length() > MAX_NUMBER_LENGTH) {
            errors.add(new InvalidRequestException.FieldError("number", number.substring(0, MAX_NUMBER_LENGTH) + "…",
                    "longer than " + MAX_NUMBER_LENGTH + " characters"));
        } else if (number != null && !NUMBER.matcher(number).matches()) {
            errors.add(new InvalidRequestException.FieldError("number", number,
                    "only letters, digits, spaces and . / - are allowed"));
        }
        return errors;
    }

    /** Today in Việt Nam, the default as-of day. */
    public LocalDate today() {
        return LocalDate.now(clock.withZone(VIETNAM));
    }
}
