package org.archivesync.agent;

import java.time.Clock;
import org.archivesync.agent.cli.AgentCli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * The site agent: one per office. {@code archive-sync-agent serve} (or no arguments) runs the service: the local REST
 * API, the publisher and the actuator on 127.0.0.1. Any other first argument is a CLI command
 * ({@code enroll}, {@code record}, {@code status}, {@code export-bundle}) working directly on the SQLite file.
 */
@SpringBootApplication
public class AgentApplication {

    public static void main(String[] args) {
        if (args.length == 0 || "serve".equals(args[0])) {
            String[] rest = args.length == 0 ? args : java.util.Arrays.copyOfRange(args, 1, args.length);
            SpringApplication.run(AgentApplication.class, rest);
            return;
        }
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-cli.xml");
        }
        System.exit(AgentCli.main(args, System.out, System.err));
    }

    /**
     * The PC's real clock: transport and timing (as-sent-at, probes, back-offs, throttles, key times, backlog age).
     * Dates of acts come from the {@link org.archivesync.agent.calendar.ActsClock acts clock}, which is this one unless
     * {@code archive-sync.agent.simulated-calendar} is set.
     */
    @Bean
    @Primary
    Clock clock() {
        return Clock.systemDefaultZone();
    }
}
