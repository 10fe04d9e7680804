package org.archivesync.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.util.Arrays;

/**
 * Entry point of the hub and agent child JVMs that {@link ChildJvm} starts: {@code ParentWatch <main class> <args>}
 * runs the given main class (the Spring Boot {@code JarLauncher} of the application's jar) and exits when its
 * standard input closes. The launcher holds the other end of that pipe, so a launcher killed without running its
 * shutdown hooks ({@code kill -9}, a test fork that timed out) still takes its children with it; {@code System.exit}
 * runs the application's own shutdown hook, which closes it cleanly (the hub stops its embedded PostgreSQL, the agent
 * finishes its SQLite transaction).
 *
 * <p>Only JDK classes are used here: this class shares the child's classpath with the application's jar.
 */
public final class ParentWatch {

    private ParentWatch() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0) {
            System.err.println("usage: ParentWatch <main class> [args...]");
            System.exit(2);
        }
        Thread watch = new Thread(ParentWatch::exitWhenParentGoes, "parent-watch");
        watch.setDaemon(true);
        watch.start();
        try {
            Class.forName(args[0]).getMethod("main", String[].class)
                    .invoke(null, (Object) Arrays.copyOfRange(args, 1, args.length));
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
