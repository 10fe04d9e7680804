package org.archivesync.deploy;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * The offices the demo runs, all real units of Cà Mau before and after the 2025 merger: two former district People's
 * Committees (Cái Nước, Trần Văn Thời), two new communes (xã Tân Hưng, xã Đầm Dơi), a former commune (xã Tân Duyệt),
 * a department (Sở Nội vụ) and the Provincial Historical Archives Center.
 *
 * <p>Unit names and codes are those of {@code central-hub/src/main/resources/reference/ca-mau-unit-codes.csv} and
 * {@code ca-mau-units.csv} (Nghị quyết 1655/NQ-UBTVQH15; {@code CaMauOfficesTest} checks them against those files).
 * The extents are the figures the province published: Trần Văn Thời 1,104 m of unsorted backlog and 133.1 m ready to
 * digitize in one 44 m² store with 20 shelves plus four storage points; Cái Nước more than 2,200 m in total. Everything
 * else (store names and sizes of the other offices, file titles, decision and minutes numbers) is generated.
 *
 * <p>The former districts carry their GSO district codes (huyện Cái Nước 969, huyện Trần Văn Thời 968, in
 * {@code ca-mau-districts.csv}, valid until 30/6/2025), so the console groups them under their district; the department
 * carries the province's code, 96.
 */
final class CaMauOffices {

    /** An old or new administrative unit as the reference data names it. */
    record Place(String name, String referenceName, String code) {
    }

    record Fonds(String code, String name, String creatingBody, String creatingUnitCode, LocalDate start,
                 LocalDate end, boolean closed, List<Place> places, int files, String locationCode,
                 Kind kind) {
    }

    record Location(String code, String name, String parentCode, String address, BigDecimal areaSquareMetres,
                    Integer shelfCount, BigDecimal capacityMetres) {
    }

    /**
     * A milestone of a campaign; {@code kind} is SEALED, TRANSFERRED or HANDED_OVER, as the hub takes it; {@code dates}
     * are other dates for some former districts or offices.
     */
    record Milestone(String kind, String name, LocalDate dueOn, List<DueDate> dates) {
    }

    /** A milestone's date for one former district ({@code scope} DISTRICT, its unit code) or office (SITE, site code). */
    record DueDate(String scope, String code, LocalDate dueOn) {
    }

    /** The province's records campaign, as {@code PUT /api/campaigns/{code}} takes it. */
    record Campaign(String code, String name, LocalDate startsOn, List<Milestone> milestones) {
    }

    /**
     * A fonds' totals in linear metres, for the fonds as a whole ({@code locationCode} null) or at one storage point;
     * {@code packed} and {@code sealed} (of the sorted metres) null when not reported.
     */
    record Extents(String fondsCode, String locationCode, BigDecimal sorted, BigDecimal packed, BigDecimal sealed,
                   BigDecimal unsorted, BigDecimal readyToDigitize, LocalDate asOf) {

        Extents(String fondsCode, BigDecimal sorted, BigDecimal unsorted, BigDecimal readyToDigitize, LocalDate asOf) {
            this(fondsCode, null, sorted, null, null, unsorted, readyToDigitize, asOf);
        }

        BigDecimal total() {
            return sorted.add(unsorted);
        }
    }

    /** What kind of body created a fonds; it decides the file titles and where permanent files go. */
    enum Kind { DISTRICT, COMMUNE, DEPARTMENT }

    /**
     * One office: one site, one agent.
     *
     * @param unitCode the unit's code in the reference data (a former district's GSO code for a district office)
     * @param role as the hub's {@code POST /api/sites} takes it
     * @param clerk the account recorded as {@code recordedBy}
     */
    record Office(String siteCode, String name, String unitCode, String role, String clerk, List<Fonds> fonds,
                  List<Location> locations, List<Extents> extents) {
    }

    static final LocalDate MERGER = LocalDate.of(2025, 7, 1);
    static final LocalDate LAST_DAY_BEFORE_MERGER = MERGER.minusDays(1);
    /** The inspection of the field report (DOMAIN.md §5); the campaign is measured from that day. */
    static final LocalDate INSPECTED_ON = LocalDate.of(2025, 5, 20);
    /** When the extents were reported: the figures the inspection heard. */
    static final LocalDate REPORTED_ON = INSPECTED_ON;

    // Old units of huyện Cái Nước (GSO list of 01/03/2025).
    static final Place TT_CAI_NUOC = new Place("thị trấn Cái Nước", "Cái Nước (huyện Cái Nước)", "32128");
    static final Place THANH_PHU = new Place("xã Thạnh Phú", "Thạnh Phú (huyện Cái Nước)", "32130");
    static final Place LUONG_THE_TRAN = new Place("xã Lương Thế Trân", "Lương Thế Trân (huyện Cái Nước)", "32131");
    static final Place PHU_HUNG = new Place("xã Phú Hưng", "Phú Hưng (huyện Cái Nước)", "32134");
    static final Place TAN_HUNG_OLD = new Place("xã Tân Hưng", "Tân Hưng (huyện Cái Nước)", "32137");
    static final Place HUNG_MY = new Place("xã Hưng Mỹ", "Hưng Mỹ (huyện Cái Nước)", "32140");
    static final Place HOA_MY = new Place("xã Hòa Mỹ", "Hòa Mỹ (huyện Cái Nước)", "32141");
    static final Place DONG_HUNG = new Place("xã Đông Hưng", "Đông Hưng (huyện Cái Nước)", "32142");
    static final Place DONG_THOI = new Place("xã Đông Thới", "Đông Thới (huyện Cái Nước)", "32143");
    static final Place TAN_HUNG_DONG = new Place("xã Tân Hưng Đông", "Tân Hưng Đông (huyện Cái Nước)", "32146");
    static final Place TRAN_THOI = new Place("xã Trần Thới", "Trần Thới (huyện Cái Nước)", "32149");

    // Old units of huyện Trần Văn Thời.
    static final Place TT_TRAN_VAN_THOI = new Place("thị trấn Trần Văn Thời", "Trần Văn Thời (huyện Trần Văn Thời)", "32095");
    static final Place TT_SONG_DOC = new Place("thị trấn Sông Đốc", "Sông Đốc (huyện Trần Văn Thời)", "32098");
    static final Place KHANH_BINH_TAY_BAC = new Place("xã Khánh Bình Tây Bắc", "Khánh Bình Tây Bắc (huyện Trần Văn Thời)", "32101");
    static final Place KHANH_BINH_TAY = new Place("xã Khánh Bình Tây", "Khánh Bình Tây (huyện Trần Văn Thời)", "32104");
    static final Place TRAN_HOI = new Place("xã Trần Hợi", "Trần Hợi (huyện Trần Văn Thời)", "32107");
    static final Place KHANH_LOC = new Place("xã Khánh Lộc", "Khánh Lộc (huyện Trần Văn Thời)", "32108");
    static final Place KHANH_BINH = new Place("xã Khánh Bình", "Khánh Bình (huyện Trần Văn Thời)", "32110");
    static final Place KHANH_HUNG = new Place("xã Khánh Hưng", "Khánh Hưng (huyện Trần Văn Thời)", "32113");
    static final Place KHANH_BINH_DONG = new Place("xã Khánh Bình Đông", "Khánh Bình Đông (huyện Trần Văn Thời)", "32116");
    static final Place KHANH_HAI = new Place("xã Khánh Hải", "Khánh Hải (huyện Trần Văn Thời)", "32119");
    static final Place LOI_AN = new Place("xã Lợi An", "Lợi An (huyện Trần Văn Thời)", "32122");
    static final Place PHONG_DIEN = new Place("xã Phong Điền", "Phong Điền (huyện Trần Văn Thời)", "32124");
    static final Place PHONG_LAC = new Place("xã Phong Lạc", "Phong Lạc (huyện Trần Văn Thời)", "32125");

    // Old units merged into the new xã Đầm Dơi.
    static final Place TT_DAM_DOI = new Place("thị trấn Đầm Dơi", "Đầm Dơi (huyện Đầm Dơi)", "32152");
    static final Place TAN_DUYET = new Place("xã Tân Duyệt", "Tân Duyệt (huyện Đầm Dơi)", "32173");
    static final Place TAN_DAN = new Place("xã Tân Dân", "Tân Dân (huyện Đầm Dơi)", "32174");

    // New units (from 01/7/2025).
    static final Place XA_TAN_HUNG = new Place("xã Tân Hưng", "Tân Hưng", "32137");
    static final Place XA_DAM_DOI = new Place("xã Đầm Dơi", "Đầm Dơi", "32152");

    /** The province of Cà Mau (new), code 96. */
    static final String PROVINCE_CODE = "96";

    /**
     * The old units of huyện Cái Nước that went, wholly or in part, into the new xã Tân Hưng (NQ 1655: xã Tân Hưng;
     * xã Đông Hưng, xã Đông Thới and xã Hòa Mỹ in part): the district's records about them are handed to it.
     */
    static final List<Place> INTO_XA_TAN_HUNG = List.of(TAN_HUNG_OLD, DONG_HUNG, DONG_THOI, HOA_MY);

    static final Office CAI_NUOC = new Office("CM.CAINUOC.UBND", "Ủy ban nhân dân huyện Cái Nước (cũ)", "969",
            "DISTRICT_OFFICE", "vanthu.cainuoc",
            List.of(new Fonds("CM.CAINUOC.UBND.F01", "Phông Ủy ban nhân dân huyện Cái Nước",
                    "Ủy ban nhân dân huyện Cái Nước", null, LocalDate.of(1983, 1, 1), LAST_DAY_BEFORE_MERGER, true,
                    List.of(TT_CAI_NUOC, THANH_PHU, LUONG_THE_TRAN, PHU_HUNG, TAN_HUNG_OLD, HUNG_MY, HOA_MY, DONG_HUNG,
                            DONG_THOI, TAN_HUNG_DONG, TRAN_THOI),
                    480, "KHO-A", Kind.DISTRICT)),
            List.of(new Location("KHO-A", "Kho lưu trữ Ủy ban nhân dân huyện Cái Nước", null,
                            "khóm 1, thị trấn Cái Nước (nay là xã Cái Nước)", new BigDecimal("96.00"), 40,
                            new BigDecimal("1200.00")),
                    new Location("KHO-B", "Kho tạm Phòng Tài nguyên và Môi trường", null,
                            "khóm 2, thị trấn Cái Nước (nay là xã Cái Nước)", new BigDecimal("60.00"), 24,
                            new BigDecimal("700.00")),
                    new Location("KHO-C", "Hội trường cũ - điểm tập kết tài liệu tích đống", null,
                            "khóm 1, thị trấn Cái Nước (nay là xã Cái Nước)", new BigDecimal("120.00"), null,
                            new BigDecimal("450.00"))),
            // The field report (DOMAIN.md §5): over 2,200 m, about 1,500 m already sorted, gathered and packed, reported in
            // bulk per store without itemising the ~15,000 boxes (1,100 + 400 + 728.4 = 2,228.4 m).
            List.of(new Extents("CM.CAINUOC.UBND.F01", "KHO-A", new BigDecimal("1100.00"), new BigDecimal("1100.00"),
                            null, BigDecimal.ZERO, new BigDecimal("215.00"), REPORTED_ON),
                    new Extents("CM.CAINUOC.UBND.F01", "KHO-B", new BigDecimal("400.00"), new BigDecimal("400.00"),
                            null, BigDecimal.ZERO, BigDecimal.ZERO, REPORTED_ON),
                    new Extents("CM.CAINUOC.UBND.F01", "KHO-C", BigDecimal.ZERO, null, null,
                            new BigDecimal("728.40"), BigDecimal.ZERO, REPORTED_ON)));

    static final Office TRAN_VAN_THOI = new Office("CM.TRANVANTHOI.UBND", "Ủy ban nhân dân huyện Trần Văn Thời (cũ)",
            "968", "DISTRICT_OFFICE", "vanthu.tranvanthoi",
            List.of(new Fonds("CM.TRANVANTHOI.UBND.F01", "Phông Ủy ban nhân dân huyện Trần Văn Thời",
                    "Ủy ban nhân dân huyện Trần Văn Thời", null, LocalDate.of(1983, 1, 1), LAST_DAY_BEFORE_MERGER,
                    true,
                    List.of(TT_TRAN_VAN_THOI, TT_SONG_DOC, KHANH_BINH_TAY_BAC, KHANH_BINH_TAY, TRAN_HOI, KHANH_LOC,
                            KHANH_BINH, KHANH_HUNG, KHANH_BINH_DONG, KHANH_HAI, LOI_AN, PHONG_DIEN, PHONG_LAC),
                    360, "KHO-01", Kind.DISTRICT)),
            // The published store (44 m², 20 shelves) and the four storage points the district asked to keep (DOMAIN.md
            // §5): the archive section of the Interior Office, the Finance-Planning Office, the Agriculture and
            // Environment Office and the district's construction project management board.
            List.of(new Location("KHO-01", "Kho lưu trữ huyện Trần Văn Thời", null,
                            "khóm 1, thị trấn Trần Văn Thời (nay là xã Trần Văn Thời)", new BigDecimal("44.00"), 20,
                            null),
                    new Location("DIEM-1", "Điểm lưu trữ số 1 - Bộ phận lưu trữ Phòng Nội vụ", null,
                            "thị trấn Trần Văn Thời", null, null, null),
                    new Location("DIEM-2", "Điểm lưu trữ số 2 - Phòng Tài chính - Kế hoạch", null,
                            "thị trấn Trần Văn Thời", null, null, null),
                    new Location("DIEM-3", "Điểm lưu trữ số 3 - Phòng Nông nghiệp và Môi trường", null,
                            "thị trấn Trần Văn Thời", null, null, null),
                    new Location("DIEM-4", "Điểm lưu trữ số 4 - Ban Quản lý dự án đầu tư xây dựng huyện", null,
                            "thị trấn Trần Văn Thời", null, null, null),
                    new Location("CAC-XA", "Tài liệu của huyện còn tại Ủy ban nhân dân các xã, thị trấn", null,
                            null, null, null, null)),
            // The published figures: 133.1 m sorted and ready to digitize; 1,104 m unsorted backlog, of which 741.5 m at
            // the district's departments (the four storage points) and 362.5 m at the communes and towns.
            List.of(new Extents("CM.TRANVANTHOI.UBND.F01", "KHO-01", new BigDecimal("133.10"), null, null,
                            BigDecimal.ZERO, new BigDecimal("133.10"), REPORTED_ON),
                    new Extents("CM.TRANVANTHOI.UBND.F01", "DIEM-1", BigDecimal.ZERO, null, null,
                            new BigDecimal("250.00"), BigDecimal.ZERO, REPORTED_ON),
                    new Extents("CM.TRANVANTHOI.UBND.F01", "DIEM-2", BigDecimal.ZERO, null, null,
                            new BigDecimal("210.00"), BigDecimal.ZERO, REPORTED_ON),
                    new Extents("CM.TRANVANTHOI.UBND.F01", "DIEM-3", BigDecimal.ZERO, null, null,
                            new BigDecimal("181.50"), BigDecimal.ZERO, REPORTED_ON),
                    new Extents("CM.TRANVANTHOI.UBND.F01", "DIEM-4", BigDecimal.ZERO, null, null,
                            new BigDecimal("100.00"), BigDecimal.ZERO, REPORTED_ON),
                    new Extents("CM.TRANVANTHOI.UBND.F01", "CAC-XA", BigDecimal.ZERO, null, null,
                            new BigDecimal("362.50"), BigDecimal.ZERO, REPORTED_ON)));

    static final Office TAN_HUNG = new Office("CM.TANHUNG.UBND", "Ủy ban nhân dân xã Tân Hưng", XA_TAN_HUNG.code(),
            "COMMUNE", "vanthu.tanhung",
            List.of(new Fonds("CM.TANHUNG.UBND.F01", "Phông Ủy ban nhân dân xã Tân Hưng (huyện Cái Nước cũ)",
                            "Ủy ban nhân dân xã Tân Hưng (huyện Cái Nước)", TAN_HUNG_OLD.code(),
                            LocalDate.of(1990, 1, 1), LAST_DAY_BEFORE_MERGER, true, List.of(TAN_HUNG_OLD), 150,
                            "KHO-XA", Kind.COMMUNE),
                    new Fonds("CM.TANHUNG.UBND.F02", "Phông Ủy ban nhân dân xã Tân Hưng",
                            "Ủy ban nhân dân xã Tân Hưng", XA_TAN_HUNG.code(), MERGER, null, false,
                            List.of(XA_TAN_HUNG), 0, "KHO-XA", Kind.COMMUNE)),
            List.of(new Location("KHO-XA", "Kho lưu trữ Ủy ban nhân dân xã Tân Hưng", null, "ấp Tân Hưng, xã Tân Hưng",
                    new BigDecimal("24.00"), 8, new BigDecimal("80.00"))),
            List.of(new Extents("CM.TANHUNG.UBND.F01", new BigDecimal("31.50"), new BigDecimal("18.00"),
                    new BigDecimal("6.00"), REPORTED_ON)));

    static final Office DAM_DOI = new Office("CM.DAMDOI.UBND", "Ủy ban nhân dân xã Đầm Dơi", XA_DAM_DOI.code(),
            "COMMUNE", "vanthu.damdoi",
            List.of(new Fonds("CM.DAMDOI.UBND.F01", "Phông Ủy ban nhân dân thị trấn Đầm Dơi",
                            "Ủy ban nhân dân thị trấn Đầm Dơi (huyện Đầm Dơi)", TT_DAM_DOI.code(),
                            LocalDate.of(1995, 1, 1), LAST_DAY_BEFORE_MERGER, true, List.of(TT_DAM_DOI), 90,
                            "KHO-DD", Kind.COMMUNE),
                    new Fonds("CM.DAMDOI.UBND.F03", "Phông Ủy ban nhân dân xã Tân Dân",
                            "Ủy ban nhân dân xã Tân Dân (huyện Đầm Dơi)", TAN_DAN.code(),
                            LocalDate.of(1992, 1, 1), LAST_DAY_BEFORE_MERGER, true, List.of(TAN_DAN), 70,
                            "KHO-DD", Kind.COMMUNE)),
            List.of(new Location("KHO-DD", "Kho lưu trữ Ủy ban nhân dân xã Đầm Dơi", null,
                    "khóm 4, xã Đầm Dơi", new BigDecimal("36.00"), 12, new BigDecimal("120.00"))),
            List.of(new Extents("CM.DAMDOI.UBND.F01", new BigDecimal("22.40"), new BigDecimal("15.00"),
                            new BigDecimal("4.00"), REPORTED_ON),
                    new Extents("CM.DAMDOI.UBND.F03", new BigDecimal("11.60"), new BigDecimal("7.00"),
                            new BigDecimal("2.00"), REPORTED_ON)));

    /**
     * A former commune's own office: the People's Committee of xã Tân Duyệt (huyện Đầm Dơi), which ended on 30/6/2025
     * and went wholly into the new xã Đầm Dơi. It hands its fonds to the new commune before 30/6/2025 (DOMAIN.md §2).
     */
    static final Office TAN_DUYET_OFFICE = new Office("CM.TANDUYET.UBND", "Ủy ban nhân dân xã Tân Duyệt (cũ)",
            TAN_DUYET.code(), "COMMUNE", "vanthu.tanduyet",
            List.of(new Fonds("CM.TANDUYET.UBND.F01", "Phông Ủy ban nhân dân xã Tân Duyệt",
                    "Ủy ban nhân dân xã Tân Duyệt (huyện Đầm Dơi)", TAN_DUYET.code(),
                    LocalDate.of(1992, 1, 1), LAST_DAY_BEFORE_MERGER, true, List.of(TAN_DUYET), 70,
                    "KHO-TD", Kind.COMMUNE)),
            List.of(new Location("KHO-TD", "Tủ lưu trữ Ủy ban nhân dân xã Tân Duyệt", null, "ấp Tân Duyệt, xã Tân Duyệt",
                    new BigDecimal("12.00"), 4, new BigDecimal("30.00"))),
            List.of(new Extents("CM.TANDUYET.UBND.F01", new BigDecimal("12.80"), new BigDecimal("9.50"),
                    new BigDecimal("2.00"), REPORTED_ON)));

    static final Office SO_NOI_VU = new Office("CM.SNV", "Sở Nội vụ tỉnh Cà Mau", PROVINCE_CODE, "DEPARTMENT",
            "vanthu.snv",
            List.of(new Fonds("CM.SNV.F01", "Phông Sở Nội vụ tỉnh Cà Mau", "Sở Nội vụ tỉnh Cà Mau", PROVINCE_CODE,
                    LocalDate.of(1997, 1, 1), null, false, List.of(), 120, "KHO-SNV", Kind.DEPARTMENT)),
            List.of(new Location("KHO-SNV", "Kho lưu trữ Sở Nội vụ", null, "phường An Xuyên, tỉnh Cà Mau",
                    new BigDecimal("80.00"), 30, new BigDecimal("600.00"))),
            List.of(new Extents("CM.SNV.F01", new BigDecimal("310.00"), new BigDecimal("46.50"),
                    new BigDecimal("52.00"), REPORTED_ON)));

    /**
     * The Provincial Historical Archives Center (Trung tâm Lưu trữ lịch sử tỉnh), which receives the former districts'
     * records to be kept for ever. It holds no fonds of its own in the demo: it confirms what it receives.
     */
    static final Office ARCHIVE_CENTRE = new Office("CM.TTLTLS", "Trung tâm Lưu trữ lịch sử tỉnh Cà Mau", PROVINCE_CODE,
            "HISTORICAL_ARCHIVE", "luutru.ttltls", List.of(),
            List.of(new Location("KHO-TT1", "Kho lưu trữ chuyên dụng số 1", null, "phường An Xuyên, tỉnh Cà Mau",
                    new BigDecimal("300.00"), 120, new BigDecimal("3000.00"))),
            List.of());

    /** In the order the demo starts them. */
    static final List<Office> ALL = List.of(CAI_NUOC, TRAN_VAN_THOI, TAN_HUNG, DAM_DOI, TAN_DUYET_OFFICE, SO_NOI_VU,
            ARCHIVE_CENTRE);

    /**
     * The province's campaign with the dates of the field report (DOMAIN.md §2 and §5, from the newspaper's report of
     * the inspection on 20/5/2025; the directives themselves were not found): communes sort, pack and seal before
     * 5/6/2025; district records go to the Provincial Historical Archives Center before 16/6/2025, Cái Nước aims for
     * 20/6/2025; former communes hand their records to the new commune before 30/6/2025. The former district offices
     * seal by the day their records are due at the centre (no separate date was published for them).
     */
    static final Campaign CAMPAIGN = new Campaign("CM-2025",
            "Chỉnh lý, giao nộp tài liệu khi sắp xếp đơn vị hành chính 2025", INSPECTED_ON, List.of(
            new Milestone("SEALED", "Chỉnh lý, phân loại, đóng gói, niêm phong", LocalDate.of(2025, 6, 5), List.of(
                    new DueDate("SITE", "CM.TRANVANTHOI.UBND", LocalDate.of(2025, 6, 16)),
                    new DueDate("SITE", "CM.CAINUOC.UBND", LocalDate.of(2025, 6, 20)))),
            new Milestone("TRANSFERRED", "Giao nộp tài liệu cấp huyện vào Trung tâm Lưu trữ lịch sử tỉnh",
                    LocalDate.of(2025, 6, 16), List.of(new DueDate("DISTRICT", "969", LocalDate.of(2025, 6, 20)))),
            new Milestone("HANDED_OVER", "Bàn giao tài liệu cho xã, phường mới", LocalDate.of(2025, 6, 30), List.of())));

    /** The day inside the campaign the console opens on (figures as of the end of that day). */
    static final LocalDate REVIEWED_ON = LocalDate.of(2025, 6, 10);

    private CaMauOffices() {
    }

    static Optional<Office> bySiteCode(String siteCode) {
        return ALL.stream().filter(o -> o.siteCode().equals(siteCode)).findFirst();
    }
}
