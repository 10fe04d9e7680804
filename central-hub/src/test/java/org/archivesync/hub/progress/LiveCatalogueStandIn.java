package org.archivesync.hub.progress;

import java.time.LocalDate;
import java.util.function.Supplier;
import org.archivesync.hub.asof.CatalogueAt;
import org.springframework.stereotype.Component;

/**
 * TEST-ONLY STAND-IN, DELETE WHEN THE REAL {@link CatalogueAt} IS MERGED (the as-of helper's
 * {@code org.archivesync.hub.asof} implementation; two beans of the type would then clash). It reads the live catalogue
 * whatever the day, so that the progress tests (rates, forecasts and due dates as of a day) run before the real
 * implementation exists; it does not rebuild the catalogue of a past day, and no test here relies on it doing so.
 * Picked up by the hub's component scan in every central-hub test context.
 */
@Component
class LiveCatalogueStandIn implements CatalogueAt {

    @Override
    public <T> T read(LocalDate day, Supplier<T> work) {
        return work.get();
    }
}
