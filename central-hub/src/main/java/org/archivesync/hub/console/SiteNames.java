package org.archivesync.hub.console;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.archivesync.hub.sites.Site;
import org.archivesync.hub.sites.SiteDirectory;
import org.springframework.stereotype.Component;

/** Site code to site name, so lists show "Ủy ban nhân dân xã Tân Hưng" where the catalogue holds CM.TANHUNG.UBND. */
@Component
class SiteNames implements Supplier<Map<String, String>> {

    private final SiteDirectory sites;

    SiteNames(SiteDirectory sites) {
        this.sites = sites;
    }

    /** Every site's name by code, read now (a province has hundreds of sites, not millions). */
    @Override
    public Map<String, String> get() {
        Map<String, String> names = new HashMap<>();
        for (Site site : sites.sites()) {
            names.put(site.siteCode(), site.name());
        }
        return names;
    }
}
