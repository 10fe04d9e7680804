package org.archivesync.agent.recording;

import java.sql.SQLException;
import org.apache.avro.specific.SpecificRecord;

/**
 * The rules of every aggregate for one transaction. {@link #apply} checks a command against the state, writes its
 * changes to the state tables and returns its event's payload; which rule a command goes to is the catalogue's
 * ({@link CommandCatalogue}).
 */
final class Rules {

    final FondsRules fonds;
    final LocationRules locations;
    final BoxRules boxes;
    final FileRules files;
    final FileCareRules fileCare;
    final HandoverRules handovers;
    final DestructionRules destructions;
    final KeyRules keys;

    /** @param cachedFileLookups see {@link FileRules#FileRules(RuleContext, boolean)} */
    Rules(RuleContext ctx, boolean cachedFileLookups) {
        this.fonds = new FondsRules(ctx);
        this.locations = new LocationRules(ctx);
        this.boxes = new BoxRules(ctx);
        this.files = new FileRules(ctx, cachedFileLookups);
        this.fileCare = new FileCareRules(ctx);
        this.handovers = new HandoverRules(ctx);
        this.destructions = new DestructionRules(ctx);
        this.keys = new KeyRules(ctx);
    }

    /**
     * @param command never null
     * @param sequence the sequence its event will get
     * @throws RecordingRefusedException when refused; nothing of the command was written
     */
    SpecificRecord apply(Command command, long sequence) throws SQLException {
        return CommandCatalogue.of(command).apply(this, command, sequence);
    }
}
