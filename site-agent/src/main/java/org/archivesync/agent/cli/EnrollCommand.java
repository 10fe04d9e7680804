package org.archivesync.agent.cli;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.archivesync.agent.identity.SiteIdentity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code enroll --hub URL --site CODE --token T [--key-file FILE]}. */
@Command(name = "enroll", mixinStandardHelpOptions = true)
class EnrollCommand implements Callable<Integer> {

    @ParentCommand
    AgentCli cli;

    @Option(names = "--hub", required = true, descriptionKey = "cli.option.hub", paramLabel = "URL")
    URI hub;

    @Option(names = "--site", required = true, descriptionKey = "cli.option.site", paramLabel = "CODE")
    String site;

    @Option(names = "--token", required = true, descriptionKey = "cli.option.token", paramLabel = "TOKEN")
    String token;

    @Option(names = "--key-file", descriptionKey = "cli.option.key-file", paramLabel = "FILE")
    Path keyFile;

    @Override
    public Integer call() {
        CliContext ctx = CliContext.open(cli);
        Path file = keyFile != null ? keyFile
                : cli.db.toAbsolutePath().resolveSibling("site-key.pk8");
        SiteIdentity identity = ctx.enrollment().enroll(hub, site, token, file);
        cli.out.println(cli.messages().get("cli.enroll.done", identity.siteCode(), identity.keyId(),
                file.toAbsolutePath().toString()));
        return 0;
    }
}
