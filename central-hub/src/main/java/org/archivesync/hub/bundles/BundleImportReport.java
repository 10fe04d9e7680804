package org.archivesync.hub.bundles;

import java.util.List;

/**
 * What an import of a USB bundle did, committed.
 *
 * @param siteCode the site whose events the bundle holds
 * @param fromSequence first sequence in the bundle
 * @param toSequence last sequence in the bundle
 * @param applied events applied to the catalogue
 * @param redelivered events skipped because the hub had applied them before (from Kafka or an earlier bundle)
 * @param parked events parked (after a gap, or because the site is quarantined)
 * @param quarantinedSites the site, when the import quarantined it (never null)
 */
public record BundleImportReport(String siteCode, long fromSequence, long toSequence, long applied, long redelivered,
                                 long parked, List<String> quarantinedSites) {
}
