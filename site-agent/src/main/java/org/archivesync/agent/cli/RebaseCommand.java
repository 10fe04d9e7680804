package org.archivesync.agent.cli;

import java.util.concurrent.Callable;
import org.archivesync.agent.messages.AgentMessages;
import org.archivesync.agent.outbox.DeliveryState;
import org.archivesync.agent.recording.ChainRebase;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code rebase --from-hub --operator NAME [--reissue-from N] [--dry-run]}: re-bases an office whose chain forked
 * from the hub's (restored from a backup, reinstalled, cloned): keeps what the hub has, sets the divergent local
 * events aside for audit and records their payloads again after the hub's last sequence (deploy/README.md, "Forks").
 * Uses the hub's cursor as the running service last saw it.
 */
@Command(name = "rebase", mixinStandardHelpOptions = true)
class RebaseCommand implements Callable<Integer> {

    @picocli.CommandLine.ParentCommand
    AgentCli cli;

    @Option(names = "--from-hub", required = true, descriptionKey = "cli.option.from-hub")
    boolean fromHub;

    @Option(names = "--operator", required = true, paramLabel = "NAME", descriptionKey = "cli.option.operator")
    String operator;

    @Option(names = "--reissue-from", paramLabel = "N", descriptionKey = "cli.option.reissue-from")
    Long reissueFrom;

    @Option(names = "--dry-run", descriptionKey = "cli.option.rebase-dry-run")
    boolean dryRun;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.open(cli);
        AgentMessages m = cli.messages();
        DeliveryState d = ctx.outbox().delivery();
        if (d.hubCursorSeenAt() != null) {
            cli.out.println(m.get("cli.rebase.hub-cursor", d.hubCursorSequence(),
                    shown(d.hubCursorSeenAt())));
        }
        ChainRebase.Result r = new ChainRebase(ctx.store(), ctx.enrollment()::current, cli.clock)
                .rebase(operator, reissueFrom, dryRun);
        cli.out.println(m.get("cli.rebase.fork." + r.fork().kind().name(), r.fork().hubSequence(),
                r.fork().localSequence()));
        for (ChainRebase.SetAside a : r.setAside()) {
            cli.out.println(m.get("cli.rebase.set-aside", a.sequence(), a.type(),
                    shown(a.recordedAt())));
        }
        if (dryRun) {
            cli.out.println(m.get("cli.rebase.dry-run", r.setAside().size()));
        } else if (r.reissuedFrom() == null) {
            cli.out.println(m.get("cli.rebase.done-nothing", r.fork().hubSequence(), r.rebaseId()));
        } else {
            cli.out.println(m.get("cli.rebase.done", r.setAside().size(), r.reissuedFrom(), r.reissuedTo(),
                    r.fork().hubSequence(), r.skipped(), r.rebaseId()));
        }
        return 0;
    }

    private String shown(long epochMillis) {
        return SHOWN.format(java.time.Instant.ofEpochMilli(epochMillis).atZone(cli.clock.getZone()));
    }

    private static final java.time.format.DateTimeFormatter SHOWN =
            java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm");
}
