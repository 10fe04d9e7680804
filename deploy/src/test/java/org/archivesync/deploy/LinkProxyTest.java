package org.archivesync.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link LinkProxy} between real sockets: an HTTP server and an echo server on loopback. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class LinkProxyTest {

    private HttpServer http;
    private Echo echo;
    private LinkProxy proxy;

    @AfterEach
    void stop() throws IOException {
        if (proxy != null) {
            proxy.close();
        }
        if (http != null) {
            http.stop(0);
        }
        if (echo != null) {
            echo.close();
        }
    }

    @Test
    void httpGoesThroughUntilResetThenAgainAfterRestore() throws Exception {
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.createContext("/status", exchange -> {
            byte[] body = "{\"status\":\"UP\"}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        http.start();
        proxy = LinkProxy.start("hub", 0, "127.0.0.1", http.getAddress().getPort());
        String url = "http://" + proxy.address() + "/status";

        Http.Response before = Http.get(url, Duration.ofSeconds(5));
        assertThat(before.status()).isEqualTo(200);
        assertThat(before.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(proxy.bytesForwarded()).isGreaterThan(15);

        proxy.cut(LinkProxy.Mode.RESET);
        assertThat(proxy.cutMode()).isEqualTo(LinkProxy.Mode.RESET);
        assertThat(Http.get(url, Duration.ofSeconds(5)).status()).as("nothing answers through a reset link")
                .isEqualTo(-1);
        long forwarded = proxy.bytesForwarded();

        proxy.restore();
        assertThat(proxy.cutMode()).isNull();
        assertThat(Http.get(url, Duration.ofSeconds(5)).status()).isEqualTo(200);
        assertThat(proxy.bytesForwarded()).isGreaterThan(forwarded);
    }

    @Test
    void resetClosesCurrentConnectionsOnBothSidesAndRefusesNewOnes() throws Exception {
        echo = new Echo();
        proxy = LinkProxy.start("office", 0, "127.0.0.1", echo.port());
        try (Socket client = connect(proxy)) {
            assertThat(roundTrip(client, "Cái Nước")).isEqualTo("Cái Nước");
            assertThat(proxy.connections()).isEqualTo(1);
            await().atMost(Duration.ofSeconds(5)).until(() -> echo.accepted.size() == 1);

            proxy.cut(LinkProxy.Mode.RESET);

            assertThat(endOfStreamOrReset(client)).as("the client's side is cut").isTrue();
            assertThat(endOfStreamOrReset(echo.accepted.get(0))).as("the target's side is cut").isTrue();
            assertThat(proxy.connections()).isZero();
        }
        assertThat(newConnectionIsReset(proxy)).as("a new connection is reset at once").isTrue();
        assertThat(echo.accepted).as("the reset connection never reached the target").hasSize(1);

        proxy.restore();
        try (Socket again = connect(proxy)) {
            assertThat(roundTrip(again, "Trần Văn Thời")).isEqualTo("Trần Văn Thời");
        }
    }

    @Test
    void blackholeHoldsEverythingUntilRestoredThenDeliversIt() throws Exception {
        echo = new Echo();
        proxy = LinkProxy.start("office", 0, "127.0.0.1", echo.port());
        try (Socket open = connect(proxy)) {
            assertThat(roundTrip(open, "before")).isEqualTo("before");
            long forwarded = proxy.bytesForwarded();

            proxy.cut(LinkProxy.Mode.BLACKHOLE);
            open.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
            open.setSoTimeout(300);
            assertThatThrownBy(() -> open.getInputStream().read()).as("no answer through a black hole")
                    .isInstanceOf(SocketTimeoutException.class);

            try (Socket fresh = connect(proxy)) {
                fresh.getOutputStream().write("new".getBytes(StandardCharsets.UTF_8));
                fresh.setSoTimeout(300);
                assertThatThrownBy(() -> fresh.getInputStream().read()).isInstanceOf(SocketTimeoutException.class);
                await("a black hole keeps and accepts connections").atMost(Duration.ofSeconds(5))
                        .until(() -> proxy.connections() == 2);
                assertThat(echo.accepted).as("the new connection has not reached the target").hasSize(1);
                assertThat(proxy.bytesForwarded()).isEqualTo(forwarded);

                proxy.restore();
                open.setSoTimeout(5000);
                fresh.setSoTimeout(5000);
                assertThat(read(open, 4)).isEqualTo("held");
                assertThat(read(fresh, 3)).isEqualTo("new");
            }
        }
    }

    @Test
    void aDownTargetLooksLikeAResetLink() throws Exception {
        proxy = LinkProxy.start("nowhere", 0, "127.0.0.1", Ports.free());
        assertThat(newConnectionIsReset(proxy)).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> proxy.connections() == 0);
    }

    private static Socket connect(LinkProxy proxy) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), proxy.port()), 5000);
        socket.setSoTimeout(5000);
        return socket;
    }

    /** A connection is reset (or ended) before anything is read, whether during or after connecting. */
    private static boolean newConnectionIsReset(LinkProxy proxy) {
        try (Socket socket = connect(proxy)) {
            return endOfStreamOrReset(socket);
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static String roundTrip(Socket socket, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        socket.getOutputStream().write(bytes);
        return read(socket, bytes.length);
    }

    private static String read(Socket socket, int length) throws IOException {
        byte[] bytes = socket.getInputStream().readNBytes(length);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** Reading ends with end of stream or "connection reset", not with a timeout. */
    private static boolean endOfStreamOrReset(Socket socket) {
        try {
            socket.setSoTimeout(5000);
            return socket.getInputStream().read() < 0;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    /** Echoes every byte back, one thread per connection; keeps the sockets it accepted. */
    private static final class Echo implements AutoCloseable {

        final ServerSocket server;
        final List<Socket> accepted = new CopyOnWriteArrayList<>();

        Echo() throws IOException {
            server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            Thread acceptor = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        accepted.add(s);
                        Thread t = new Thread(() -> {
                            try (InputStream in = s.getInputStream()) {
                                in.transferTo(s.getOutputStream());
                            } catch (IOException e) {
                                // The test cut it.
                            }
                        });
                        t.setDaemon(true);
                        t.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            server.close();
            for (Socket s : accepted) {
                s.close();
            }
        }
    }
}
