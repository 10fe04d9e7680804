package org.archivesync.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP relay on a loopback port in front of one target ({@code host:port}), for the chaos suite to cut one office's
 * link (or the hub's) at the TCP level while the processes on both sides keep running.
 *
 * <p>While {@linkplain #restore() restored} it forwards bytes both ways, one connection to the target per accepted
 * connection. {@link #cut(Mode)} with
 * <ul>
 *   <li>{@link Mode#RESET}: every current connection is closed with a TCP reset on both sides, and a new connection is
 *       accepted and reset at once (the client sees "connection reset"), as when the far end is gone;</li>
 *   <li>{@link Mode#BLACKHOLE}: connections stay open and new ones are accepted, but nothing is forwarded (a hanging,
 *       poor link): each direction holds at most one buffer of what it read, then the kernel's buffers fill and the
 *       sender blocks. {@link #restore()} delivers what was held, as TCP does when a link comes back in time.</li>
 * </ul>
 *
 * <p>Memory is bounded: one {@value #BUFFER_BYTES}-byte buffer per direction and connection. Nothing of what passes
 * through is logged or kept. Threads are daemons named {@code link-<name>-...}. It listens on 127.0.0.1 only: anyone
 * on this machine may connect through it, as they may to the target itself; a hostile client can do nothing through it
 * that it could not do to the target directly.
 */
final class LinkProxy implements AutoCloseable {

    /** How a link is cut. */
    enum Mode {
        /** Connections reset, new ones reset at once. */
        RESET,
        /** Connections kept and accepted, nothing forwarded. */
        BLACKHOLE
    }

    static final int BUFFER_BYTES = 16 * 1024;
    private static final int CONNECT_TIMEOUT_MS = 5_000;

    private final String name;
    private final ServerSocket server;
    private volatile InetSocketAddress target;
    private final Set<Link> links = ConcurrentHashMap.newKeySet();
    private final AtomicLong bytesForwarded = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicInteger threadIds = new AtomicInteger();
    private final Object flow = new Object();
    /** null while forwarding. Guarded by {@link #flow}. */
    private Mode cut;
    private volatile boolean closed;

    private LinkProxy(String name, ServerSocket server, InetSocketAddress target) {
        this.name = name;
        this.server = server;
        this.target = target;
    }

    /**
     * Listens on 127.0.0.1:{@code port} and forwards to {@code targetHost:targetPort}, restored.
     *
     * @param name for thread names and messages; never null
     * @param port the port to listen on; 0 picks a free one
     * @param targetHost never null
     * @param targetPort 1..65535
     * @throws UncheckedIOException when the port cannot be bound
     */
    static LinkProxy start(String name, int port, String targetHost, int targetPort) {
        if (targetPort < 1 || targetPort > 65535 || port < 0 || port > 65535) {
            throw new IllegalArgumentException("ports out of range: listen " + port + ", target " + targetPort);
        }
        try {
            ServerSocket server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
            LinkProxy proxy = new LinkProxy(name, server, new InetSocketAddress(targetHost, targetPort));
            proxy.thread("accept", proxy::acceptLoop).start();
            return proxy;
        } catch (IOException e) {
            throw new UncheckedIOException("link " + name + ": cannot listen on 127.0.0.1:" + port, e);
        }
    }

    /** The port it listens on. */
    int port() {
        return server.getLocalPort();
    }

    /** {@code 127.0.0.1:port}, for a client's bootstrap servers or URL. */
    String address() {
        return "127.0.0.1:" + port();
    }

    /**
     * Cuts the link; a later call with another mode switches to it (BLACKHOLE then RESET resets what was held).
     *
     * @param mode never null
     */
    void cut(Mode mode) {
        if (mode == null) {
            throw new IllegalArgumentException("mode is required");
        }
        synchronized (flow) {
            cut = mode;
            flow.notifyAll();
        }
        if (mode == Mode.RESET) {
            links.forEach(Link::reset);
        }
    }

    /** Forwards again: held bytes of a BLACKHOLE are delivered, new connections reach the target. Idempotent. */
    void restore() {
        synchronized (flow) {
            cut = null;
            flow.notifyAll();
        }
    }

    /** The mode it is cut with, or null while it forwards. */
    Mode cutMode() {
        synchronized (flow) {
            return cut;
        }
    }

    /** Bytes forwarded to either side since the start (counted as each write begins). */
    long bytesForwarded() {
        return bytesForwarded.get();
    }

    /**
     * Forwards new connections to another port of the target host (a restarted broker's listener binds a new port);
     * connections open now are reset, as the old target's end of them is gone. The cut stays as it is.
     */
    void retarget(int targetPort) {
        if (targetPort < 1 || targetPort > 65535) {
            throw new IllegalArgumentException("target port out of range: " + targetPort);
        }
        target = new InetSocketAddress(target.getHostString(), targetPort);
        links.forEach(Link::reset);
    }

    /** Connections open through it now (accepted and not yet closed). */
    int connections() {
        return links.size();
    }

    /** Connections accepted since the start, reset ones included. */
    long accepted() {
        return accepted.get();
    }

    /** Stops listening and resets every connection. Idempotent. */
    @Override
    public void close() {
        closed = true;
        synchronized (flow) {
            flow.notifyAll();
        }
        try {
            server.close();
        } catch (IOException e) {
            // Closing a listening socket has nothing left to flush.
        }
        links.forEach(Link::reset);
    }

    @Override
    public String toString() {
        return "link " + name + " " + address() + " -> " + target.getHostString() + ":" + target.getPort();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            accepted.incrementAndGet();
            if (cutMode() == Mode.RESET) {
                resetQuietly(client);
                continue;
            }
            Link link = new Link(client);
            links.add(link);
            thread("connect", link::open).start();
        }
    }

    /**
     * Blocks while the link is a black hole.
     *
     * @return false when the connection must end instead (reset or closed)
     */
    private boolean awaitFlowing() {
        synchronized (flow) {
            while (cut == Mode.BLACKHOLE && !closed) {
                try {
                    flow.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return cut == null && !closed;
        }
    }

    private Thread thread(String role, Runnable body) {
        Thread t = new Thread(body, "link-" + name + "-" + role + "-" + threadIds.incrementAndGet());
        t.setDaemon(true);
        return t;
    }

    private static void resetQuietly(Socket socket) {
        try {
            // SO_LINGER 0: close sends RST instead of FIN.
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // Already closed.
        }
        try {
            socket.close();
        } catch (IOException e) {
            // Nothing to do: the socket is gone either way.
        }
    }

    /** One client connection and its connection to the target. */
    private final class Link {

        private final Socket client;
        private volatile Socket upstream;
        private final AtomicInteger directionsOpen = new AtomicInteger(2);
        private volatile boolean reset;

        Link(Socket client) {
            this.client = client;
        }

        /** Connects to the target once the link flows (not while it is a black hole), then pumps both ways. */
        void open() {
            if (!awaitFlowing()) {
                reset();
                return;
            }
            Socket socket = new Socket();
            try {
                socket.connect(target, CONNECT_TIMEOUT_MS);
                socket.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
            } catch (IOException e) {
                // The target is down: the client sees its connection reset, as it would connecting to the target.
                resetQuietly(socket);
                reset();
                return;
            }
            upstream = socket;
            if (reset) {
                reset();
                return;
            }
            thread("up", () -> pump(client, socket)).start();
            thread("down", () -> pump(socket, client)).start();
        }

        private void pump(Socket from, Socket to) {
            byte[] buffer = new byte[BUFFER_BYTES];
            try {
                InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream();
                while (true) {
                    int n = in.read(buffer);
                    if (n < 0) {
                        to.shutdownOutput();
                        break;
                    }
                    if (!awaitFlowing()) {
                        reset();
                        return;
                    }
                    // Counted before the write, so a reader that got these bytes also sees them counted.
                    bytesForwarded.addAndGet(n);
                    out.write(buffer, 0, n);
                }
            } catch (IOException e) {
                reset();
                return;
            }
            if (directionsOpen.decrementAndGet() == 0) {
                closeBoth();
            }
        }

        void reset() {
            reset = true;
            resetQuietly(client);
            Socket u = upstream;
            if (u != null) {
                resetQuietly(u);
            }
            links.remove(this);
        }

        private void closeBoth() {
            try {
                client.close();
            } catch (IOException e) {
                // Both directions are done.
            }
            Socket u = upstream;
            try {
                if (u != null) {
                    u.close();
                }
            } catch (IOException e) {
                // Both directions are done.
            }
            links.remove(this);
        }
    }
}
