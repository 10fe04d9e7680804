package org.archivesync.hub.ingest;

import javax.sql.DataSource;
import org.archivesync.hub.HubApplication;
import org.springframework.boot.SpringApplication;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * The hub as a separate JVM for {@link IngestCrashTest}: {@link HubApplication} with the arguments given, and, when
 * {@code -Dcrash.point=before-commit|after-commit} is set, a transaction manager that stops the Kafka listener's
 * {@code crash.batch}-th transaction (default 3) right before or right after its database commit: it prints
 * {@code CRASHPOINT <point>} and waits forever, so the test's {@code kill -9} lands in a batch whose database
 * transaction is open (before) or committed while its offsets are not (after: the container commits them only when the
 * listener returns).
 */
final class CrashingHub {

    private CrashingHub() {
    }

    public static void main(String[] args) {
        String point = System.getProperty("crash.point");
        int batch = Integer.getInteger("crash.batch", 3);
        SpringApplication app = new SpringApplication(HubApplication.class);
        if (point != null) {
            app.addInitializers(context -> ((GenericApplicationContext) context).registerBean("transactionManager",
                    PlatformTransactionManager.class,
                    () -> new StoppingTransactionManager(context.getBean(DataSource.class), point, batch)));
        }
        app.run(args);
    }

    private static final class StoppingTransactionManager extends JdbcTransactionManager {

        private final String point;
        private final int batch;
        private int listenerCommits;

        StoppingTransactionManager(DataSource dataSource, String point, int batch) {
            super(dataSource);
            this.point = point;
            this.batch = batch;
        }

        @Override
        protected void doCommit(DefaultTransactionStatus status) {
            // The ingest listener's consumer thread is named after the listener id.
            boolean stop = Thread.currentThread().getName().startsWith("archive-sync-ingest")
                    && ++listenerCommits == batch;
            if (stop && point.equals("before-commit")) {
                stopHere();
            }
            super.doCommit(status);
            if (stop && point.equals("after-commit")) {
                stopHere();
            }
        }

        private void stopHere() {
            System.out.println("CRASHPOINT " + point);
            System.out.flush();
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    // Only kill -9 ends this.
                }
            }
        }
    }
}
