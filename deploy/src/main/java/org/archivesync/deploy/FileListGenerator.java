package org.archivesync.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.archivesync.deploy.CaMauOffices.Fonds;
import org.archivesync.deploy.CaMauOffices.Kind;
import org.archivesync.deploy.CaMauOffices.Place;

/**
 * Generated but realistic file lists (mục lục hồ sơ) of one fonds: Vietnamese titles of the kinds of files a former
 * district, a commune or a department holds, naming the real old units of the fonds, with retention periods in the
 * spirit of Thông tư 10/2022/TT-BNV (unsuccessful bids 5 years, routine correspondence 10 years, land certificates and
 * civil registers permanent), a few restricted files and a few state-secret stubs (no title, no dates: Law 29/2018).
 *
 * <p>The same fonds always gives the same list (the random source is seeded with the fonds code), so a demo that is
 * restarted records nothing new. Files are arranged in boxes by place and by appraisal group, as after sorting
 * (chỉnh lý): one box never mixes files to transfer, to keep or to destroy.
 */
final class FileListGenerator {

    /** Where the appraisal sends a file. */
    enum Fate { TRANSFER_TO_HISTORICAL, KEEP_AT_SUCCESSOR, DESTROY }

    /**
     * One file of the list.
     *
     * @param fileCode        the identifier (mã hồ sơ) the agent's importer builds from the row: fonds code, year
     *                        formed, reference and list number (docs/contracts.md, "Records")
     * @param fileNumber      hồ sơ số, the running number in the list
     * @param reference       số và ký hiệu hồ sơ, numbered within the year as in an office's file plan
     * @param startPrecision  DAY, MONTH or YEAR: how much of the start date the list states
     * @param retentionYears  null when permanent or written the pre-2011 way
     * @param legacyRetention null, or {@code LEGACY_LONG_TERM} ("Lâu dài") / {@code LEGACY_TEMPORARY} ("Tạm thời")
     * @param secretLevel     null unless {@code access} is {@code STATE_SECRET}; then title, dates and keywords are null
     */
    record FileRow(String fondsCode, String fileCode, String fileNumber, String reference, String listNumber,
                   String series, String boxCode, String title, LocalDate start, String startPrecision, LocalDate end,
                   String endPrecision, int sheets, Integer retentionYears, String legacyRetention, String access,
                   String secretLevel, List<String> keywords, String condition, String notes, Place place, Fate fate) {

        boolean permanent() {
            return retentionYears == null && legacyRetention == null;
        }

        /** The {@code RetentionKind} the row gives. */
        String retention() {
            return legacyRetention != null ? legacyRetention : permanent() ? "PERMANENT" : "FIXED_TERM";
        }

        boolean secret() {
            return secretLevel != null;
        }
    }

    /** One box: 10 cm of shelf, as the guidance counts (10 boxes ≈ 1 linear metre). */
    record BoxRow(String boxCode, String fondsCode, String locationCode, BigDecimal metres, Place place, Fate fate) {
    }

    record FileList(Fonds fonds, String listNumber, List<BoxRow> boxes, List<FileRow> files) {

        List<FileRow> filesIn(BoxRow box) {
            return files.stream().filter(f -> box.fondsCode().equals(f.fondsCode()) && box.boxCode().equals(f.boxCode()))
                    .toList();
        }
    }

    /** Rows per printed page: the header is repeated after each page break, as a sheet printed from Word or Excel is. */
    static final int ROWS_PER_PAGE = 40;

    static final BigDecimal BOX_METRES = new BigDecimal("0.10");
    private static final int FILES_PER_BOX = 12;
    /** The last day a file of the demo's lists can end on: the day before the offices record their lists. */
    static final LocalDate LISTED_BY = DemoScenario.LISTED_ON.minusDays(1);

    /** Appraisal year: a fixed-term file whose term ended before it is due for destruction. */
    static final int APPRAISAL_YEAR = 2025;

    /** A kind of file; {@code weight} is how often it comes up relative to the others of its list. */
    private record Template(String title, Integer years, String access, String keyword, int weight) {

        Template(String title, Integer years, String access, String keyword) {
            // Short-lived files are rarer in what offices kept: most were already weeded out.
            this(title, years, access, keyword, years != null && years <= 10 ? 1 : 3);
        }
    }

    private static final List<Template> DISTRICT = List.of(
            new Template("Hồ sơ cấp giấy chứng nhận quyền sử dụng đất cho hộ gia đình, cá nhân tại {place} năm {year}", null, "OPEN", "đất đai"),
            new Template("Tập quyết định của Chủ tịch Ủy ban nhân dân huyện về công tác tổ chức cán bộ năm {year}", null, "RESTRICTED", "tổ chức cán bộ"),
            new Template("Hồ sơ giải quyết khiếu nại về đất đai của công dân {place} năm {year}", null, "RESTRICTED", "khiếu nại"),
            new Template("Báo cáo tổng kết công tác năm {year} và phương hướng nhiệm vụ năm {next} của Ủy ban nhân dân huyện", null, "OPEN", "báo cáo tổng kết"),
            new Template("Hồ sơ xây dựng công trình đường giao thông nông thôn {place} năm {year}", 20, "OPEN", "giao thông nông thôn"),
            new Template("Hồ sơ hỗ trợ thiệt hại do triều cường, sạt lở tại {place} năm {year}", 20, "OPEN", "thiên tai"),
            new Template("Hồ sơ phòng, chống dịch bệnh trên tôm nuôi tại {place} năm {year}", 10, "OPEN", "thủy sản"),
            new Template("Hồ sơ chi trả trợ cấp ưu đãi người có công với cách mạng {place} năm {year}", null, "OPEN", "người có công"),
            new Template("Hồ sơ thi đua, khen thưởng năm {year}", 20, "OPEN", "thi đua khen thưởng"),
            new Template("Hồ sơ dự toán, quyết toán ngân sách {place} năm {year}", 20, "OPEN", "ngân sách"),
            new Template("Hồ sơ xử lý vi phạm hành chính trong lĩnh vực thủy sản tại {place} năm {year}", 10, "RESTRICTED", "vi phạm hành chính"),
            new Template("Hồ sơ mời thầu các gói thầu không trúng thầu năm {year}", 5, "OPEN", "đấu thầu"),
            new Template("Công văn trao đổi về công tác thường xuyên năm {year}", 10, "OPEN", "công văn"));

    private static final List<Template> COMMUNE = List.of(
            new Template("Sổ đăng ký khai sinh {place} năm {year}", null, "RESTRICTED", "hộ tịch"),
            new Template("Sổ đăng ký kết hôn {place} năm {year}", null, "RESTRICTED", "hộ tịch"),
            new Template("Sổ đăng ký khai tử {place} năm {year}", null, "RESTRICTED", "hộ tịch"),
            new Template("Hồ sơ chứng thực hợp đồng, giao dịch về đất đai {place} năm {year}", 20, "RESTRICTED", "chứng thực"),
            new Template("Báo cáo tình hình kinh tế - xã hội, quốc phòng - an ninh {place} năm {year}", null, "OPEN", "báo cáo"),
            new Template("Nghị quyết của Hội đồng nhân dân {place} năm {year}", null, "OPEN", "nghị quyết"),
            new Template("Hồ sơ hỗ trợ hộ nghèo, hộ cận nghèo {place} năm {year}", 20, "OPEN", "giảm nghèo"),
            new Template("Hồ sơ quyết toán ngân sách {place} năm {year}", 20, "OPEN", "ngân sách"),
            new Template("Hồ sơ hòa giải tranh chấp đất đai ở cơ sở {place} năm {year}", 10, "RESTRICTED", "hòa giải"),
            new Template("Công văn trao đổi về công tác thường xuyên {place} năm {year}", 10, "OPEN", "công văn"));

    private static final List<Template> DEPARTMENT = List.of(
            new Template("Hồ sơ thẩm định đề án sắp xếp đơn vị hành chính cấp xã của {place} năm {year}", null, "OPEN", "sắp xếp đơn vị hành chính"),
            new Template("Hồ sơ tuyển dụng công chức cấp xã {place} năm {year}", 70, "RESTRICTED", "tuyển dụng"),
            new Template("Hồ sơ thanh tra, kiểm tra công tác văn thư, lưu trữ tại {place} năm {year}", 20, "OPEN", "văn thư lưu trữ"),
            new Template("Hồ sơ khen thưởng danh hiệu thi đua cấp tỉnh năm {year}", null, "OPEN", "thi đua khen thưởng"),
            new Template("Hồ sơ thẩm định biên chế công chức, số lượng người làm việc năm {year}", null, "RESTRICTED", "biên chế"),
            new Template("Hồ sơ hội nghị tập huấn nghiệp vụ lưu trữ năm {year}", 10, "OPEN", "tập huấn"));

    /** The old districts the department's files are about (DOMAIN.md: the nine former districts of Cà Mau). */
    private static final List<String> FORMER_DISTRICTS = List.of("thành phố Cà Mau", "huyện U Minh", "huyện Thới Bình",
            "huyện Trần Văn Thời", "huyện Cái Nước", "huyện Đầm Dơi", "huyện Năm Căn", "huyện Phú Tân",
            "huyện Ngọc Hiển");

    private static final List<String> CONDITIONS = List.of("Giấy ố vàng, mép giòn", "Bị ẩm mốc nhẹ ở góc",
            "Một số tờ rách, đã gia cố", "Mực phai");

    private FileListGenerator() {
    }

    /** One file before it is placed in a box; {@code legacy} when its list writes retention the pre-2011 way. */
    private record Draft(Place place, String placeName, Template template, int year, boolean secret, boolean legacy) {

        String legacyRetention() {
            if (!legacy || template.years() == null) {
                return null;
            }
            return template.years() >= 20 ? "LEGACY_LONG_TERM" : "LEGACY_TEMPORARY";
        }
    }

    /** The list of a fonds, with {@code fonds.files()} files (none for an open fonds that has just begun). */
    static FileList generate(Fonds fonds) {
        Random random = new Random(fonds.code().hashCode());
        List<Template> templates = templates(fonds.kind());
        int firstYear = Math.max(fonds.start().getYear(), 1995);
        int lastYear = fonds.end() == null ? APPRAISAL_YEAR : Math.min(fonds.end().getYear(), APPRAISAL_YEAR);
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < fonds.files(); i++) {
            Place place = fonds.places().isEmpty() ? null : fonds.places().get(random.nextInt(fonds.places().size()));
            String placeName = place != null ? place.name()
                    : FORMER_DISTRICTS.get(random.nextInt(FORMER_DISTRICTS.size()));
            // About one file in sixty is classified ("Mật"): only its stub is recorded.
            boolean secret = fonds.kind() != Kind.COMMUNE && random.nextInt(60) == 0;
            int year = firstYear + random.nextInt(lastYear - firstYear + 1);
            // Lists made before 2011 often wrote "Lâu dài" or "Tạm thời" instead of a number of years.
            boolean legacy = year < 2011 && random.nextInt(4) == 0;
            drafts.add(new Draft(place, placeName, pick(templates, random), year, secret, legacy));
        }
        return build(fonds, drafts, random, "1", 1, fonds.locationCode());
    }

    /**
     * A later batch of the same fonds, sorted after the first list (a clerk's next day of chỉnh lý): files of the
     * fonds' first place from recent years, none due for destruction, {@code boxes} boxes' worth of files in boxes
     * numbered from {@code firstBox} at {@code locationCode}, described in mục lục số 2 (file numbers from 1 again).
     */
    static FileList nextBatch(Fonds fonds, int firstBox, int boxes, String locationCode) {
        Random random = new Random(fonds.code().hashCode() + firstBox);
        List<Template> lasting = templates(fonds.kind()).stream()
                .filter(t -> t.years() == null || t.years() >= 20).toList();
        Place place = fonds.places().get(0);
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < boxes * FILES_PER_BOX; i++) {
            drafts.add(new Draft(place, place.name(), pick(lasting, random), 2020 + random.nextInt(5), false, false));
        }
        return build(fonds, drafts, random, "2", firstBox, locationCode);
    }

    private static List<Template> templates(Kind kind) {
        return switch (kind) {
            case DISTRICT -> DISTRICT;
            case COMMUNE -> COMMUNE;
            case DEPARTMENT -> DEPARTMENT;
        };
    }

    private static FileList build(Fonds fonds, List<Draft> unsorted, Random random, String listNumber, int firstBox,
                                  String locationCode) {
        List<Draft> drafts = new ArrayList<>(unsorted);
        // Sorted as the list is arranged after chỉnh lý: by place (the list's classification groups), by appraisal
        // group, then by year.
        drafts.sort(Comparator.comparing((Draft d) -> d.placeName())
                .thenComparing(d -> fate(fonds.kind(), d.template().years(), d.year(), d.secret(), d.legacy()))
                .thenComparingInt(Draft::year));
        List<FileRow> files = new ArrayList<>();
        List<BoxRow> boxes = new ArrayList<>();
        Map<String, Integer> inBox = new LinkedHashMap<>();
        Map<Integer, Integer> referencesOfYear = new LinkedHashMap<>();
        List<String> series = new ArrayList<>();
        int secrets = 0;
        String boxKey = null;
        String boxCode = null;
        for (Draft d : drafts) {
            Fate fate = fate(fonds.kind(), d.template().years(), d.year(), d.secret(), d.legacy());
            String key = d.placeName() + "|" + fate;
            if (!key.equals(boxKey) || inBox.get(boxCode) >= FILES_PER_BOX) {
                // Every fonds numbers its boxes from 1: an office with several fonds has several boxes H001.
                boxCode = String.format(Locale.ROOT, "H%03d", firstBox + boxes.size());
                boxes.add(new BoxRow(boxCode, fonds.code(), locationCode, BOX_METRES, d.place(), fate));
                inBox.put(boxCode, 0);
                boxKey = key;
            }
            inBox.merge(boxCode, 1, Integer::sum);
            String heading = heading(d.placeName());
            if (!series.contains(heading)) {
                series.add(heading);
            }
            String group = ROMAN[Math.min(series.indexOf(heading), ROMAN.length - 1)] + ". " + heading;
            String fileNumber = Integer.toString(files.size() + 1);
            int sheets = 8 + random.nextInt(250);
            if (d.secret()) {
                String reference = String.format(Locale.ROOT, "M%02d", ++secrets);
                files.add(new FileRow(fonds.code(), fileCode(fonds.code(), null, reference, listNumber), fileNumber,
                        reference, listNumber, group, boxCode, null, null, "DAY", null, "DAY", sheets, null, null,
                        "STATE_SECRET", "CONFIDENTIAL", List.of(), null, null, d.place(), fate));
                continue;
            }
            // Nothing after the fonds closed, and nothing after the lists were made (DemoScenario.LISTED_ON, in May
            // 2025): no dates in the future of the day the office records them.
            LocalDate closedOn = fonds.end() != null ? fonds.end() : CaMauOffices.LAST_DAY_BEFORE_MERGER;
            LocalDate last = closedOn.isBefore(LISTED_BY) ? closedOn : LISTED_BY;
            int months = d.year() == last.getYear() ? Math.max(1, last.getMonthValue() - 1) : 6;
            LocalDate start = LocalDate.of(d.year(), 1 + random.nextInt(months), 1 + random.nextInt(28));
            LocalDate end = start.plusDays(20 + random.nextInt(180));
            String startPrecision = "DAY";
            String endPrecision = "DAY";
            int shape = random.nextInt(12);
            if (d.year() < 2000 && shape < 4) {
                // Old lists often give the year only ("1998").
                start = LocalDate.of(d.year(), 1, 1);
                end = start;
                startPrecision = "YEAR";
                endPrecision = "YEAR";
            } else if (d.year() < 2011 && shape == 4 && LocalDate.of(d.year() + 1, 12, 31).isBefore(last)) {
                // A range written in one cell ("2008-2009"), the end column left empty.
                start = LocalDate.of(d.year(), 1, 1);
                end = LocalDate.of(d.year() + 1, 1, 1);
                startPrecision = "YEAR";
                endPrecision = "YEAR";
            } else if (shape == 5) {
                // Month and year only ("06/2012").
                start = start.withDayOfMonth(1);
                end = start;
                startPrecision = "MONTH";
                endPrecision = "MONTH";
            } else {
                if (end.getYear() > d.year()) {
                    end = LocalDate.of(d.year(), 12, 31);
                }
                if (end.isAfter(last)) {
                    end = last;
                }
                if (start.isAfter(end)) {
                    start = end;
                }
            }
            int inYear = referencesOfYear.merge(d.year(), 1, Integer::sum);
            String reference = String.format(Locale.ROOT, "%02d.%s", inYear, groupCode(d.template().keyword()));
            String title = d.template().title().replace("{place}", d.placeName())
                    .replace("{year}", Integer.toString(d.year())).replace("{next}", Integer.toString(d.year() + 1));
            String condition = d.year() < 2005 && random.nextInt(4) == 0
                    ? CONDITIONS.get(random.nextInt(CONDITIONS.size())) : null;
            String notes = random.nextInt(15) == 0 ? "Tài liệu tích đống, chỉnh lý năm 2025" : null;
            String legacy = d.legacyRetention();
            files.add(new FileRow(fonds.code(), fileCode(fonds.code(), start.getYear(), reference, listNumber),
                    fileNumber, reference, listNumber, group, boxCode, title, start, startPrecision, end, endPrecision,
                    sheets, legacy != null ? null : d.template().years(), legacy, d.template().access(), null,
                    List.of(d.template().keyword()), condition, notes, d.place(), fate));
        }
        return new FileList(fonds, listNumber, boxes, files);
    }

    private static final String[] ROMAN = {"I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII",
            "XIII", "XIV", "XV"};

    /** The classification group of a place: the list is arranged by the old units the files concern. */
    private static String heading(String placeName) {
        return "TÀI LIỆU VỀ " + placeName.toUpperCase(Locale.forLanguageTag("vi"));
    }

    /** The group code of a file-plan reference: the initials of the keyword ("đất đai" → "ĐĐ"). */
    private static String groupCode(String keyword) {
        StringBuilder out = new StringBuilder();
        for (String word : keyword.split("[ -]+")) {
            if (!word.isEmpty()) {
                out.append(word.substring(0, 1).toUpperCase(Locale.forLanguageTag("vi")));
            }
        }
        return out.toString();
    }

    /**
     * The identifier (mã hồ sơ) the agent's importer builds for a row without a "Mã hồ sơ" column (docs/contracts.md,
     * "Records"): fonds code, year formed, reference, list number, joined with dots.
     */
    static String fileCode(String fondsCode, Integer year, String reference, String listNumber) {
        StringBuilder code = new StringBuilder(fondsCode);
        if (year != null) {
            code.append('.').append(year);
        }
        code.append('.').append(reference);
        if (listNumber != null) {
            code.append('.').append(listNumber);
        }
        return code.toString();
    }

    private static Template pick(List<Template> templates, Random random) {
        int total = templates.stream().mapToInt(Template::weight).sum();
        int n = random.nextInt(total);
        for (Template t : templates) {
            n -= t.weight();
            if (n < 0) {
                return t;
            }
        }
        throw new IllegalStateException("weights");
    }

    /**
     * Permanent records of a district or a department go to the provincial historical archive (TT 06/2025);
     * a commune's stay with its successor; a fixed term that ended before the appraisal year is due for destruction.
     */
    static Fate fate(Kind kind, Integer years, int year, boolean secret, boolean legacy) {
        if (legacy && years != null) {
            // "Lâu dài" or "Tạm thời" is not a number of years: nothing is destroyed before it is re-appraised.
            return Fate.KEEP_AT_SUCCESSOR;
        }
        if (secret || years == null) {
            return kind == Kind.COMMUNE ? Fate.KEEP_AT_SUCCESSOR : Fate.TRANSFER_TO_HISTORICAL;
        }
        return year + years < APPRAISAL_YEAR ? Fate.DESTROY : Fate.KEEP_AT_SUCCESSOR;
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MM/yyyy");
    private static final String HEADER = "Hộp số,Hồ sơ số,Số và ký hiệu hồ sơ,Tiêu đề hồ sơ,Thời gian bắt đầu,"
            + "Thời gian kết thúc,Số tờ,Thời hạn bảo quản,Chế độ sử dụng,Ghi chú,Từ khóa,Ngôn ngữ,Tình trạng vật lý,"
            + "Mã đơn vị hành chính";
    private static final String COLUMN_NUMBERS = "(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13),(14)";

    /**
     * Writes the list as offices keep it in a spreadsheet saved as CSV: UTF-8 with a byte-order mark, the title block
     * (body, "MỤC LỤC HỒ SƠ", fonds name and code, mục lục số), the header in the usual order of a mục lục and a
     * column-number row, repeated after every printed page, a heading row for each classification group, one row per
     * file, and the closing line ("Mục lục này gồm N hồ sơ, đánh số từ 1 đến N"). Dates are written as the list knows
     * them ("12/06/2003", "06/2003", "2003", or a range "2008-2009" in the start column with the end left empty);
     * retention as written ("20 năm", "Vĩnh viễn", or the pre-2011 "Lâu dài" / "Tạm thời"). A state-secret row has
     * only its stub (box, numbers, sheets, retention, "Mật"). The last column is the code of the old unit the file
     * concerns (mã đơn vị hành chính), which the importer takes as the file's place.
     */
    static void writeCsv(FileList list, String issuingBody, Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                out.write('\uFEFF');
                out.write(csv(issuingBody.toUpperCase(Locale.forLanguageTag("vi"))) + "\r\n");
                out.write("MỤC LỤC HỒ SƠ\r\n");
                out.write(csv("Tên phông: " + list.fonds().name()) + "\r\n");
                out.write(csv("Mã phông: " + list.fonds().code()) + "\r\n");
                out.write(csv("Mục lục số: " + list.listNumber()) + "\r\n");
                out.write("\r\n");
                String series = null;
                int onPage = ROWS_PER_PAGE;
                for (FileRow f : list.files()) {
                    if (onPage == ROWS_PER_PAGE) {
                        out.write(HEADER + "\r\n" + COLUMN_NUMBERS + "\r\n");
                        onPage = 0;
                    }
                    if (!f.series().equals(series)) {
                        series = f.series();
                        out.write(csv(series) + ",,,,,,,,,,,,,\r\n");
                    }
                    onPage++;
                    out.write(String.join(",", row(f).stream().map(FileListGenerator::csv).toList()) + "\r\n");
                }
                if (!list.files().isEmpty()) {
                    out.write(csv(String.format(Locale.ROOT, "Mục lục này gồm %d hồ sơ, đánh số từ %s đến %s.",
                            list.files().size(), list.files().get(0).fileNumber(),
                            list.files().get(list.files().size() - 1).fileNumber())) + "\r\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static List<String> row(FileRow f) {
        String startCell = date(f.start(), f.startPrecision());
        String endCell = date(f.end(), f.endPrecision());
        if ("YEAR".equals(f.startPrecision()) && f.end() != null && f.end().getYear() > f.start().getYear()) {
            startCell = f.start().getYear() + "-" + f.end().getYear();
            endCell = "";
        }
        String retention = switch (f.retention()) {
            case "PERMANENT" -> "Vĩnh viễn";
            case "LEGACY_LONG_TERM" -> "Lâu dài";
            case "LEGACY_TEMPORARY" -> "Tạm thời";
            default -> f.retentionYears() + " năm";
        };
        String access = switch (f.access()) {
            case "RESTRICTED" -> "Hạn chế";
            case "STATE_SECRET" -> "Mật";
            default -> "Thường";
        };
        return List.of(f.boxCode(), f.fileNumber(), f.reference(), text(f.title()), startCell, endCell,
                Integer.toString(f.sheets()), retention, access, text(f.notes()), String.join("; ", f.keywords()),
                f.secret() ? "" : "Tiếng Việt", text(f.condition()),
                // The old unit the file concerns (its code before 1/7/2025), so the province can tell which new commune
                // a district's file belongs to; a state-secret row keeps only its stub.
                f.secret() || f.place() == null ? "" : f.place().code());
    }

    /** A date as the list writes it at its precision; empty when none. */
    static String date(LocalDate date, String precision) {
        if (date == null) {
            return "";
        }
        return switch (precision) {
            case "YEAR" -> Integer.toString(date.getYear());
            case "MONTH" -> MONTH.format(date);
            default -> DAY.format(date);
        };
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String csv(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
