package org.archivesync.agent.recording;

/** Withdraws a file recorded by mistake (not a destruction). Becomes {@code FileWithdrawn}. */
public record WithdrawFile(String fondsCode, String fileCode, String reason) implements Command {
}
