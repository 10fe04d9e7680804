package org.archivesync.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;

/**
 * Entry point of the broker child JVM that {@link LocalKafka} starts: runs {@code kafka.Kafka} and exits when its
 * standard input closes. The parent holds the other end of that pipe, so a parent killed without running its shutdown
 * hooks ({@code kill -9}, a test fork that timed out) still takes its broker with it; {@code System.exit} runs
 * Kafka's own hook, which closes the logs cleanly.
 */
public final class BrokerMain {

    private BrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        Thread watch = new Thread(BrokerMain::exitWhenParentGoes, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        try {
            Class.forName("kafka.Kafka").getMethod("main", String[].class).invoke(null, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void exitWhenParentGoes() {
        InputStream in = System.in;
        try {
            while (in.read() >= 0) {
                // The parent never writes; anything read is ignored.
            }
        } catch (IOException e) {
            // A broken pipe means the same as end of input.
        }
        System.exit(0);
    }
}
