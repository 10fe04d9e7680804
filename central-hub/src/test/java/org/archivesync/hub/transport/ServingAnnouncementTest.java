package org.archivesync.hub.transport;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;

class ServingAnnouncementTest {

    @Test
    void httpsIsSaidWithItsUrl() throws Exception {
        var line = ServingAnnouncement.line(true, null, 8443, null);
        assertThat(line.warn()).isFalse();
        assertThat(line.text()).startsWith("hub serving url=https://localhost:8443/ tls=on bind=all-interfaces");
    }

    @Test
    void plainHttpOnLoopbackIsFine() throws Exception {
        assertThat(ServingAnnouncement.line(false, InetAddress.getByName("127.0.0.1"), 8080, null))
                .returns(false, ServingAnnouncement.Line::warn)
                .extracting(ServingAnnouncement.Line::text).asString().contains("url=http://127.0.0.1:8080/ tls=off");
        assertThat(ServingAnnouncement.line(false, InetAddress.getByName("::1"), 8080, null).text())
                .contains("url=http://[0:0:0:0:0:0:0:1]:8080/");
    }

    @Test
    void plainHttpBeyondLoopbackWarnsUnlessAProxyTerminatesTls() throws Exception {
        assertThat(ServingAnnouncement.line(false, null, 8080, null).warn()).isTrue();
        assertThat(ServingAnnouncement.line(false, InetAddress.getByName("0.0.0.0"), 8080, ForwardHeadersStrategy.NONE)
                .warn()).isTrue();
        assertThat(ServingAnnouncement.line(false, InetAddress.getByName("192.0.2.10"), 8080, null).text())
                .contains("plain HTTP beyond loopback", "url=http://192.0.2.10:8080/");
        var proxied = ServingAnnouncement.line(false, null, 8080, ForwardHeadersStrategy.NATIVE);
        assertThat(proxied.warn()).isFalse();
        assertThat(proxied.text()).contains("tls=proxy");
    }
}
