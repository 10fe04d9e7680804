package org.archivesync.hub.progress;

import static org.archivesync.hub.fixtures.Agent.fonds;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import org.archivesync.avro.ExtentReported;
import org.archivesync.hub.fixtures.Agent;
import org.archivesync.hub.fixtures.DomainTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The console overview shows the new figures: as of a day, what each milestone measures, reported metres, shared rows. */
class OverviewProgressTest extends DomainTest {

    @Autowired
    Campaigns campaigns;

    @Autowired
    Progress progress;

    @Test
    void theOverviewIsShownAsOfADayWithWhatEachMilestoneMeasuresAndTheSharedRows() {
        // Năm Căn's office reported 40 m packed in bulk; its district went to several new communes, no file has a place.
        Agent namCan = site("NAMCAN.UBND", "971", "DISTRICT_OFFICE");
        String f = "NC-" + unique();
        record(namCan, fonds(f, "Phông UBND huyện Năm Căn", "UBND huyện Năm Căn", "971", "1976-01-01", "2025-06-30"),
                ExtentReported.newBuilder().setFondsCode(f).setSortedMetres(new BigDecimal("50.00"))
                        .setUnsortedMetres(new BigDecimal("10.00")).setPackedMetres(new BigDecimal("40.00"))
                        .setReadyToDigitizeMetres(BigDecimal.ZERO.setScale(2)).setAsOf(LocalDate.parse("2025-06-10"))
                        .build());
        String campaign = "OV-" + unique();
        campaigns.createCampaign(new Campaign(campaign, "Sáp nhập 2025", LocalDate.parse("2025-05-01"), List.of(
                new Milestone(MilestoneKind.SEALED, "Chỉnh lý, đóng gói, niêm phong", LocalDate.parse("2025-06-05")),
                new Milestone(MilestoneKind.TRANSFERRED, "Nộp lưu", LocalDate.parse("2025-06-16"),
                        List.of(new DueDate(DueDate.Scope.DISTRICT, "969", LocalDate.parse("2025-06-20")))),
                new Milestone(MilestoneKind.HANDED_OVER, "Bàn giao", LocalDate.parse("2025-06-30")))));

        String page = page("/?campaign=" + campaign + "&asOf=12/06/2025");
        assertThat(page).contains("Số liệu tính đến ngày 12/06/2025", "value=\"12/06/2025\"",
                "Mét giá đã niêm phong so với mét giá đã chỉnh lý", "chỉ tính cho cơ quan của đơn vị cũ",
                "1 hạn riêng theo huyện cũ hoặc cơ quan", "(báo cáo)", "hạn 16/06/2025");
        int shared = page.indexOf("data-key=\"shared:" + namCan.siteCode + "\"");
        assertThat(shared).isPositive();
        String row = page.substring(shared, page.indexOf("</tr>", shared));
        assertThat(row).contains("Chưa phân bổ — Văn phòng NAMCAN.UBND: chia cho xã ", "Không có việc phải làm");

        // The office's own page follows the day the overview shows (its link carries it).
        assertThat(page).contains("/progress/sites/" + namCan.siteCode + "?asOf=12/06/2025");
        assertThat(page("/progress/sites/" + namCan.siteCode + "?asOf=12/06/2025"))
                .contains("Số liệu tính đến ngày 12/06/2025", "value=\"12/06/2025\"");
        assertThat(page("/progress/sites/" + namCan.siteCode + "?asOf=31/02/2025"))
                .contains("Ngày \"31/02/2025\" không dùng được");

        String english = page("/?campaign=" + campaign + "&asOf=12/06/2025&lang=en");
        assertThat(english).contains("Figures as of 12/06/2025", "Not apportioned — Văn phòng NAMCAN.UBND: shared among",
                "(reported)", "Metres sealed against metres sorted");

        // A day that cannot be read, or one after today, is said with its value and why; the figures are today's.
        assertThat(page("/?campaign=" + campaign + "&asOf=31/02/2025&lang=vi")).contains("Ngày \"31/02/2025\" không dùng được",
                "cần ghi theo dạng ngày/tháng/năm", "Số liệu tính đến ngày 15/08/2025");
        assertThat(page("/?campaign=" + campaign + "&asOf=16/08/2025&lang=vi"))
                .contains("chỉ xem được từ 01/01/2000 đến hôm nay");
    }

    private String page(String uri) {
        return http.get().uri(uri).exchange().expectStatus().isOk().expectBody(String.class).returnResult()
                .getResponseBody().replace("&quot;", "\"").replace("&#39;", "'");
    }
}
