package org.archivesync.hub.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

/** The pager and the language switch keep the page's other parameters, encoded. */
class ConsoleLinksTest {

    @Test
    void pagerKeepsTheSearchAndDropsTheOldPage() {
        var request = new MockHttpServletRequest("GET", "/catalogue");
        request.addParameter("q", "cái nước & đất");
        request.addParameter("unit", "969");
        request.addParameter("page", "3");
        var links = new ConsoleModel().links(request);
        assertThat(links.page()).isEqualTo("/catalogue?q=c%C3%A1i+n%C6%B0%E1%BB%9Bc+%26+%C4%91%E1%BA%A5t&unit=969&");
        assertThat(links.lang()).isEqualTo(
                "/catalogue?q=c%C3%A1i+n%C6%B0%E1%BB%9Bc+%26+%C4%91%E1%BA%A5t&unit=969&page=3&");
    }

    @Test
    void languageSwitchOfAPlainPageIsJustTheParameter() {
        var request = new MockHttpServletRequest("GET", "/sites");
        request.addParameter("lang", "en");
        assertThat(new ConsoleModel().links(request).lang()).isEqualTo("/sites?");
    }
}
