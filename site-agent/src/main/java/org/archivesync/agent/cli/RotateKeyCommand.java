package org.archivesync.agent.cli;

import java.util.concurrent.Callable;
import org.archivesync.agent.identity.KeyRotation;
import org.archivesync.agent.recording.Recorder;
import org.archivesync.agent.recording.RotateKey;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code rotate-key [--clerk NAME]}: writes a new signing key beside the current one and records its announcement,
 * signed with the current key. The agent switches to the new key by itself once the hub's cursor shows the
 * announcement applied (docs/contracts.md, Keys); {@code status} shows a rotation that waits.
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true)
class RotateKeyCommand implements Callable<Integer> {

    @ParentCommand
    AgentCli cli;

    @Option(names = "--clerk", descriptionKey = "cli.option.clerk", paramLabel = "ACCOUNT")
    String clerk = System.getProperty("user.name", "clerk");

    @Override
    public Integer call() {
        CliContext ctx = CliContext.open(cli);
        Recorder recorder = cli.recorder(ctx, clerk);
        long[] sequence = new long[1];
        String keyId = KeyRotation.rotate(ctx.enrollment(), (newKeyId, newPublicKey, newKeyFile) -> {
            sequence[0] = recorder.rotateKey(new RotateKey(newKeyId, newPublicKey, newKeyFile.toString())).lastSequence();
            return sequence[0];
        });
        cli.out.println(cli.messages().get("cli.rotate-key.done", keyId, sequence[0]));
        return 0;
    }
}
