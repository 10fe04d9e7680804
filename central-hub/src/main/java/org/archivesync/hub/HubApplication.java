package org.archivesync.hub;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The central hub of a province.
 *
 * <p>Run without a command it serves: consumer, REST API, registry, outbound topics. With a one-shot command it does
 * that one thing against the catalogue database and exits (0 done, 1 failed):
 * <ul>
 *   <li>{@code --rebuild}: rebuild the projections from the event log;</li>
 *   <li>{@code import-bundle FILE}: import a USB bundle exported by a site agent;</li>
 *   <li>{@code create-user NAME --role=OPERATOR --password-file=FILE}: create a console user.</li>
 * </ul>
 * A one-shot command consumes nothing, publishes nothing (what it queues in the outbox goes out with the next running
 * hub) and serves its registry endpoint on a free port, only to itself. With the embedded database it needs the hub
 * stopped (they would share the data directory); a running hub offers the same commands over REST.
 */
@SpringBootApplication
public class HubApplication {

    public static void main(String[] args) {
        if (isOneShot(args)) {
            System.exit(SpringApplication.exit(SpringApplication.run(HubApplication.class, oneShot(args))));
        }
        SpringApplication.run(HubApplication.class, args);
    }

    static boolean isOneShot(String[] args) {
        return Arrays.stream(args).anyMatch(a -> a.equals("--rebuild") || a.equals("import-bundle") || a.equals("create-user"));
    }

    /** The arguments of a one-shot run: the caller's, then what a one-shot run changes (the caller may set the port). */
    static String[] oneShot(String[] args) {
        List<String> all = new ArrayList<>(Arrays.asList(args));
        if (Arrays.stream(args).noneMatch(a -> a.startsWith("--server.port="))) {
            all.add("--server.port=" + freePort());
        }
        all.add("--spring.kafka.listener.auto-startup=false");
        all.add("--spring.kafka.admin.auto-create=false");
        all.add("--archive-sync.hub.outbound.publish=false");
        return all.toArray(String[]::new);
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port for the one-shot run's registry endpoint", e);
        }
    }
}
