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
     * @param retentionYears null when permanent
     * @param secretLevel null unless {@code access} is {@code STATE_SECRET}; then title, dates and keywords are null
     */
    record FileRow(String fondsCode, String fileCode, String boxCode, String title, LocalDate start, LocalDate end,
                   int sheets, Integer retentionYears, String access, String secretLevel, List<String> keywords,
                   String condition, String notes, Place place, Fate fate) {

        boolean permanent() {
            return retentionYears == null;
        }

        boolean secret() {
            return secretLevel != null;
        }
    }

    /** One box: 10 cm of shelf, as the guidance counts (10 boxes ≈ 1 linear metre). */
    record BoxRow(String boxCode, String fondsCode, String locationCode, BigDecimal metres, Place place, Fate fate) {
    }

    record FileList(Fonds fonds, List<BoxRow> boxes, List<FileRow> files) {

        List<FileRow> filesIn(String boxCode) {
            return files.stream().filter(f -> boxCode.equals(f.boxCode())).toList();
        }
    }

    static final BigDecimal BOX_METRES = new BigDecimal("0.10");
    private static final int FILES_PER_BOX = 12;
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

    /** One file before it is placed in a box. */
    private record Draft(Place place, String placeName, Template template, int year, boolean secret) {
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
            drafts.add(new Draft(place, placeName, pick(templates, random),
                    firstYear + random.nextInt(lastYear - firstYear + 1), secret));
        }
        return build(fonds, drafts, random, 1, 1, fonds.locationCode());
    }

    /**
     * A later batch of the same fonds, sorted after the first list (a clerk's next day of chỉnh lý): files of the
     * fonds' first place from recent years, none due for destruction, {@code boxes} boxes' worth of files in boxes
     * numbered from {@code firstBox} at {@code locationCode}, file codes from {@code firstBox * 10 + 1}.
     */
    static FileList nextBatch(Fonds fonds, int firstBox, int boxes, String locationCode) {
        Random random = new Random(fonds.code().hashCode() + firstBox);
        List<Template> lasting = templates(fonds.kind()).stream()
                .filter(t -> t.years() == null || t.years() >= 20).toList();
        Place place = fonds.places().get(0);
        List<Draft> drafts = new ArrayList<>();
        for (int i = 0; i < boxes * FILES_PER_BOX; i++) {
            drafts.add(new Draft(place, place.name(), pick(lasting, random), 2020 + random.nextInt(5), false));
        }
        return build(fonds, drafts, random, firstBox, firstBox * 10 + 1, locationCode);
    }

    private static List<Template> templates(Kind kind) {
        return switch (kind) {
            case DISTRICT -> DISTRICT;
            case COMMUNE -> COMMUNE;
            case DEPARTMENT -> DEPARTMENT;
        };
    }

    private static FileList build(Fonds fonds, List<Draft> unsorted, Random random, int firstBox, int firstFile,
                                  String locationCode) {
        List<Draft> drafts = new ArrayList<>(unsorted);
        // Sorted as the list is arranged after chỉnh lý: by place, by appraisal group, then by year.
        drafts.sort(Comparator.comparing((Draft d) -> d.placeName())
                .thenComparing(d -> fate(fonds.kind(), d.template().years(), d.year(), d.secret()))
                .thenComparingInt(Draft::year));
        List<FileRow> files = new ArrayList<>();
        List<BoxRow> boxes = new ArrayList<>();
        Map<String, Integer> inBox = new LinkedHashMap<>();
        String boxKey = null;
        String boxCode = null;
        for (Draft d : drafts) {
            Fate fate = fate(fonds.kind(), d.template().years(), d.year(), d.secret());
            String key = d.placeName() + "|" + fate;
            if (!key.equals(boxKey) || inBox.get(boxCode) >= FILES_PER_BOX) {
                boxCode = String.format(Locale.ROOT, "%s-H%03d", fonds.boxPrefix(), firstBox + boxes.size());
                boxes.add(new BoxRow(boxCode, fonds.code(), locationCode, BOX_METRES, d.place(), fate));
                inBox.put(boxCode, 0);
                boxKey = key;
            }
            inBox.merge(boxCode, 1, Integer::sum);
            String fileCode = String.format(Locale.ROOT, "HS.%04d", firstFile + files.size());
            int sheets = 8 + random.nextInt(250);
            if (d.secret()) {
                files.add(new FileRow(fonds.code(), fileCode, boxCode, null, null, null, sheets, null,
                        "STATE_SECRET", "CONFIDENTIAL", List.of(), null, null, d.place(), fate));
                continue;
            }
            LocalDate start = LocalDate.of(d.year(), 1 + random.nextInt(6), 1 + random.nextInt(28));
            LocalDate end = start.plusDays(20 + random.nextInt(180));
            if (end.getYear() > d.year()) {
                end = LocalDate.of(d.year(), 12, 31);
            }
            // Nothing after the fonds closed, and nothing after the merger for an open one: no dates in the future.
            LocalDate last = fonds.end() != null ? fonds.end() : CaMauOffices.LAST_DAY_BEFORE_MERGER;
            if (end.isAfter(last)) {
                end = last;
            }
            if (start.isAfter(end)) {
                start = end;
            }
            String title = d.template().title().replace("{place}", d.placeName())
                    .replace("{year}", Integer.toString(d.year())).replace("{next}", Integer.toString(d.year() + 1));
            String condition = d.year() < 2005 && random.nextInt(4) == 0
                    ? CONDITIONS.get(random.nextInt(CONDITIONS.size())) : null;
            String notes = random.nextInt(15) == 0 ? "Tài liệu tích đống, chỉnh lý năm 2025" : null;
            files.add(new FileRow(fonds.code(), fileCode, boxCode, title, start, end, sheets, d.template().years(),
                    d.template().access(), null, List.of(d.template().keyword()), condition, notes, d.place(), fate));
        }
        return new FileList(fonds, boxes, files);
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
    static Fate fate(Kind kind, Integer years, int year, boolean secret) {
        if (secret || years == null) {
            return kind == Kind.COMMUNE ? Fate.KEEP_AT_SUCCESSOR : Fate.TRANSFER_TO_HISTORICAL;
        }
        return year + years < APPRAISAL_YEAR ? Fate.DESTROY : Fate.KEEP_AT_SUCCESSOR;
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    /**
     * Writes the list as offices keep it in a spreadsheet saved as CSV: UTF-8 with a byte-order mark, title rows, the
     * header the agent's importer knows ({@code importer/header-aliases.properties}), a column-number row, then one
     * row per file. A state-secret row has only its stub (code, sheets, retention, "Mật", box).
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
                out.write("\r\n");
                out.write("STT,Hồ sơ số,Tiêu đề hồ sơ,Thời gian bắt đầu,Thời gian kết thúc,Số tờ,Thời hạn bảo quản,"
                        + "Chế độ sử dụng,Hộp số,Từ khóa,Ngôn ngữ,Tình trạng vật lý,Ghi chú\r\n");
                out.write("(1),(2),(3),(4),(5),(6),(7),(8),(9),(10),(11),(12),(13)\r\n");
                int n = 1;
                for (FileRow f : list.files()) {
                    List<String> cells = List.of(Integer.toString(n++), f.fileCode(), text(f.title()),
                            f.start() == null ? "" : DAY.format(f.start()), f.end() == null ? "" : DAY.format(f.end()),
                            Integer.toString(f.sheets()), f.permanent() ? "Vĩnh viễn" : f.retentionYears() + " năm",
                            switch (f.access()) {
                                case "RESTRICTED" -> "Hạn chế";
                                case "STATE_SECRET" -> "Mật";
                                default -> "Thường";
                            },
                            f.boxCode(), String.join("; ", f.keywords()), f.secret() ? "" : "Tiếng Việt",
                            text(f.condition()), text(f.notes()));
                    out.write(String.join(",", cells.stream().map(FileListGenerator::csv).toList()) + "\r\n");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static String text(String s) {
        return s == null ? "" : s;
    }

    private static String csv(String cell) {
        return cell.contains(",") || cell.contains("\"") || cell.contains("\n")
                ? "\"" + cell.replace("\"", "\"\"") + "\"" : cell;
    }
}
