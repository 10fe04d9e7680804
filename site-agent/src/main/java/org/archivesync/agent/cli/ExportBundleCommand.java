package org.archivesync.agent.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.archivesync.agent.bundle.Bundles;
import org.archivesync.agent.identity.SiteIdentity;
import org.archivesync.schemas.bundle.BundleManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code export-bundle --from SEQ --to FILE}: the outbox from SEQ on, for a USB stick. */
@Command(name = "export-bundle", mixinStandardHelpOptions = true)
class ExportBundleCommand implements Callable<Integer> {

    @ParentCommand
    AgentCli cli;

    @Option(names = "--from", required = true, descriptionKey = "cli.option.from", paramLabel = "SEQ")
    long from;

    @Option(names = "--to", required = true, descriptionKey = "cli.option.to", paramLabel = "FILE")
    Path to;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.open(cli);
        SiteIdentity site = RecordCommand.identity(ctx);
        BundleManifest m = Bundles.export(ctx.outbox(), site, from, to, cli.clock);
        cli.out.println(cli.messages().get("cli.bundle.done", m.count(), m.fromSequence(), m.toSequence(),
                to.toAbsolutePath().toString(), m.contentSha256()));
        return 0;
    }
}
