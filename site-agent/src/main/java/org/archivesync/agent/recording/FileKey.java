package org.archivesync.agent.recording;

/** A file named by (fondsCode, fileCode). */
public record FileKey(String fondsCode, String fileCode) {
}
