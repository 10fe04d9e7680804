package org.archivesync.agent.cli;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import org.archivesync.agent.identity.KeyRotation;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.outbox.HubRefusal;
import org.archivesync.agent.publisher.LinkState;
import org.archivesync.agent.status.AgentStatus;
import org.archivesync.agent.status.StatusReader;
import org.archivesync.agent.watcher.ScanIssue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code status [--probe BOOTSTRAP]}: enrolled site, last recorded and published sequences, backlog, the hub cursor,
 * and the link as the publisher last saw it, each part apart: the broker, the schema registry, the hub (when its
 * cursor was last heard); {@code --probe} asks the broker now.
 */
@Command(name = "status", mixinStandardHelpOptions = true)
class StatusCommand implements Callable<Integer> {

    @ParentCommand
    AgentCli cli;

    @Option(names = "--probe", descriptionKey = "cli.option.probe", paramLabel = "HOST:PORT")
    String probe;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.open(cli);
        AgentStatus s = new StatusReader(ctx.enrollment(), ctx.outbox(), cli.clock, cli.calendar()).status();
        AgentMessages m = cli.messages();
        cli.out.println(s.siteCode() == null ? m.get("cli.status.not-enrolled")
                : m.get("cli.status.site", s.siteCode(), s.keyId()));
        String fork = StatusReader.describeFork(s, m);
        if (fork != null) {
            cli.out.println(fork);
        }
        String calendar = StatusReader.describeCalendar(s, m);
        if (calendar != null) {
            cli.out.println(calendar);
        }
        KeyRotation.pending(ctx.store()).ifPresent(r ->
                cli.out.println(m.get("cli.status.key-rotation-pending", r.newKeyId(), r.sequence())));
        cli.out.println(m.get("cli.status.last-recorded", s.lastRecordedSequence()));
        cli.out.println(m.get("cli.status.last-published", s.lastPublishedSequence()));
        cli.out.println(s.backlog() == 0 ? m.get("cli.status.backlog-empty")
                : m.get("cli.status.backlog", s.backlog(), format(s.oldestBacklogAge())));
        cli.out.println(s.hubCursorSequence() == null ? m.get("cli.status.hub-cursor-unknown")
                : m.get(Boolean.TRUE.equals(s.hubQuarantined()) ? "cli.status.hub-cursor-quarantined" : "cli.status.hub-cursor",
                        s.hubCursorSequence(), String.valueOf(s.hubCursorSeenAt())));
        if (probe != null) {
            boolean reachable = reachable(probe);
            cli.out.println(m.get(reachable ? "cli.status.broker-probe-ok" : "cli.status.broker-probe-failed", probe));
        } else if (s.brokerReachable() == null) {
            cli.out.println(m.get("cli.status.broker-unknown"));
        } else {
            cli.out.println(m.get(s.brokerReachable() ? "cli.status.broker-reachable" : "cli.status.broker-unreachable",
                    String.valueOf(s.brokerCheckedAt())));
        }
        // The registry and the hub apart from the broker: with the hub down, its registry is down too, and the office
        // still publishes to a broker that is up with the schema ids it kept.
        LinkState.Snapshot link = LinkState.read(ctx.store());
        for (String line : link.describe(m, cli.clock.instant())) {
            cli.out.println(line);
        }
        if (s.hubRefusalCount() > 0) {
            cli.out.println(m.get("cli.status.hub-refusals", s.hubRefusalCount()));
            for (HubRefusal r : s.hubRefusals()) {
                cli.out.println("  " + StatusReader.describe(r, m));
            }
        }
        if (!s.scanIssues().isEmpty()) {
            cli.out.println(m.get("cli.status.scan-issues", s.scanIssues().size()));
            for (ScanIssue issue : s.scanIssues()) {
                cli.out.println("  " + issue.describe(m));
            }
        }
        return 0;
    }

    static String format(Duration d) {
        if (d == null) {
            return "-";
        }
        long days = d.toDays();
        String hms = String.format("%02d:%02d:%02d", d.toHoursPart(), d.toMinutesPart(), d.toSecondsPart());
        return days > 0 ? days + "d " + hms : hms;
    }

    private static boolean reachable(String bootstrap) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000))) {
            admin.describeCluster().clusterId().get(6, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}
