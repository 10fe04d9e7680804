package org.archivesync.agent.recording;

/**
 * A box (hộp) named by its fonds and its number: every fonds numbers its boxes from 1, so the number alone does not
 * name a box at an office that keeps several fonds. Written {@code FONDS/BOX} on the command line.
 */
public record BoxKey(String fondsCode, String boxCode) {
}
