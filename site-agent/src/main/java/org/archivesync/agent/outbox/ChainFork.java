package org.archivesync.agent.outbox;

/**
 * Nhánh rẽ (fork): this store's chain is not the one the hub follows for the site, so nothing may be recorded into it
 * until an operator re-bases the office (deploy/README.md, "Forks").
 *
 * @param kind which of the two cases (never null)
 * @param hubSequence the hub's last applied sequence for this site
 * @param localSequence the last sequence of this store's chain (its last outbox row or its re-base)
 */
public record ChainFork(Kind kind, long hubSequence, long localSequence) {

    /** How the chains part. */
    public enum Kind {
        /** The hub holds sequences beyond this store's last: the store was restored from an older backup. */
        BEHIND,
        /** The hub's last sequence is here too, with another hash: a cloned PC or a divergent history. */
        BESIDE
    }
}
