package org.archivesync.hub.transport;

import java.net.Inet6Address;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties.ForwardHeadersStrategy;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;

/**
 * The hub's start line: where its console, REST API and registry answer, and whether over HTTPS. Plain HTTP on an
 * address other than loopback is a warning (passwords and session cookies would cross the network in clear), unless
 * {@code server.forward-headers-strategy} says a proxy in front terminates TLS.
 */
class ServingAnnouncement implements ApplicationListener<WebServerInitializedEvent> {

    private static final Logger log = LoggerFactory.getLogger(ServingAnnouncement.class);

    private final ServerProperties server;

    ServingAnnouncement(ServerProperties server) {
        this.server = server;
    }

    /**
     * What the start line says.
     *
     * @param warn true when plain HTTP is served beyond loopback with no TLS proxy declared
     * @param text never null
     */
    record Line(boolean warn, String text) {
    }

    @Override
    public void onApplicationEvent(WebServerInitializedEvent event) {
        if (event.getApplicationContext().getServerNamespace() != null) {
            return; // a separate management server, not the console
        }
        Line line = line(Ssl.isEnabled(server.getSsl()), server.getAddress(), event.getWebServer().getPort(),
                server.getForwardHeadersStrategy());
        if (line.warn()) {
            log.warn(line.text());
        } else {
            log.info(line.text());
        }
    }

    /**
     * The start line of a hub.
     *
     * @param tls true when the hub itself serves HTTPS
     * @param bind {@code server.address}; null means every interface
     * @param port the port it listens on
     * @param forwardHeaders {@code server.forward-headers-strategy}; null means none
     * @return never null
     */
    static Line line(boolean tls, InetAddress bind, int port, ForwardHeadersStrategy forwardHeaders) {
        boolean everywhere = bind == null || bind.isAnyLocalAddress();
        String host = everywhere ? "localhost"
                : bind instanceof Inet6Address ? "[" + bind.getHostAddress() + "]" : bind.getHostAddress();
        String listening = everywhere ? "all-interfaces" : bind.getHostAddress();
        String url = (tls ? "https" : "http") + "://" + host + ":" + port + "/";
        if (tls) {
            return new Line(false, "hub serving url=" + url + " tls=on bind=" + listening);
        }
        if (!everywhere && bind.isLoopbackAddress()) {
            return new Line(false, "hub serving url=" + url + " tls=off bind=" + listening + " (loopback only)");
        }
        if (forwardHeaders != null && forwardHeaders != ForwardHeadersStrategy.NONE) {
            return new Line(false, "hub serving url=" + url + " tls=proxy bind=" + listening
                    + " (a proxy in front terminates TLS: server.forward-headers-strategy="
                    + forwardHeaders.name().toLowerCase() + ")");
        }
        return new Line(true, "hub serving plain HTTP beyond loopback url=" + url + " tls=off bind=" + listening
                + ": passwords and session cookies cross the network in clear; set server.ssl.bundle"
                + " (README, Production) or put a TLS-terminating proxy in front and bind server.address=127.0.0.1");
    }
}
