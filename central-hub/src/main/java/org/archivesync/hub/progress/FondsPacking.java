package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One fonds (phông) at one site as the {@link ProgressRecorder} remembers it, and its figures by the rule
 * {@link Progress} reads the catalogue with (PER_FONDS): the totals the office last reported per storage location (kho
 * / điểm lưu trữ), and the metres of its itemised boxes (hộp) per location. Per location the packed metres (đã đóng
 * hộp) are the larger of the reported and the itemised, and so are the sealed metres (đã niêm phong). A report for the
 * fonds as a whole is used only while the fonds has no per-location report, and is then compared with all its boxes;
 * once it has per-location reports, boxes are compared where they are kept (a box with no location stands alone).
 *
 * <p>Immutable and without I/O: the recorder asks for the figures before and after an event and records the
 * difference. Locations are keys, {@code ""} standing for "none" (the fonds as a whole, a box without a location), as
 * Progress's SQL coalesces them.
 */
final class FondsPacking {

    /** No location: the fonds as a whole for a report, a box kept nowhere in particular. */
    static final String NONE = "";

    /** What the office last reported at a location; not-reported packed or sealed metres are zero. */
    record Reported(BigDecimal inventoried, BigDecimal packed, BigDecimal sealed) {

        Reported {
            Objects.requireNonNull(inventoried);
            Objects.requireNonNull(packed);
            Objects.requireNonNull(sealed);
        }
    }

    /** Itemised boxes at a location: their metres, and the metres of those sealed. */
    record Boxed(BigDecimal metres, BigDecimal sealed) {

        static final Boxed NOTHING = new Boxed(BigDecimal.ZERO, BigDecimal.ZERO);

        Boxed plus(Boxed other) {
            return new Boxed(metres.add(other.metres), sealed.add(other.sealed));
        }

        Boxed negate() {
            return new Boxed(metres.negate(), sealed.negate());
        }
    }

    /** A fonds' inventoried (sorted + unsorted, as reported), packed and sealed metres. */
    record Figures(BigDecimal inventoried, BigDecimal packed, BigDecimal sealed) {

        Figures minus(Figures other) {
            return new Figures(inventoried.subtract(other.inventoried), packed.subtract(other.packed),
                    sealed.subtract(other.sealed));
        }
    }

    static final FondsPacking EMPTY = new FondsPacking(Map.of(), Map.of());

    private final Map<String, Reported> reports;
    private final Map<String, Boxed> boxes;

    private FondsPacking(Map<String, Reported> reports, Map<String, Boxed> boxes) {
        this.reports = reports;
        this.boxes = boxes;
    }

    /**
     * @param reports the latest report per location, {@link #NONE} (or null) for the fonds as a whole
     * @param boxes the boxes per location, {@link #NONE} (or null) for boxes without a location
     */
    static FondsPacking of(Map<String, Reported> reports, Map<String, Boxed> boxes) {
        FondsPacking p = EMPTY;
        for (Map.Entry<String, Reported> r : reports.entrySet()) {
            p = p.reported(r.getKey(), r.getValue());
        }
        for (Map.Entry<String, Boxed> b : boxes.entrySet()) {
            p = p.boxed(b.getKey(), b.getValue());
        }
        return p;
    }

    /** This fonds with {@code report} replacing the office's earlier report for {@code location} (null: as a whole). */
    FondsPacking reported(String location, Reported report) {
        Map<String, Reported> next = new HashMap<>(reports);
        next.put(key(location), report);
        return new FondsPacking(Map.copyOf(next), boxes);
    }

    /** This fonds with {@code change} added to the boxes at {@code location} (null: none); negative to take out. */
    FondsPacking boxed(String location, Boxed change) {
        Map<String, Boxed> next = new HashMap<>(boxes);
        next.merge(key(location), change, Boxed::plus);
        return new FondsPacking(reports, Map.copyOf(next));
    }

    /** The itemised boxes per location as remembered ({@link #NONE} for no location). */
    Map<String, Boxed> boxes() {
        return boxes;
    }

    /** The fonds' figures by the rule above. */
    Figures figures() {
        boolean perLocation = reports.keySet().stream().anyMatch(k -> !k.equals(NONE));
        Map<String, Reported> reported = new HashMap<>(reports);
        if (perLocation) {
            reported.remove(NONE);
        }
        Map<String, Boxed> itemised = new HashMap<>();
        boxes.forEach((k, b) -> itemised.merge(perLocation ? k : NONE, b, Boxed::plus));

        BigDecimal inventoried = BigDecimal.ZERO;
        BigDecimal packed = BigDecimal.ZERO;
        BigDecimal sealed = BigDecimal.ZERO;
        for (Reported r : reported.values()) {
            inventoried = inventoried.add(r.inventoried());
        }
        Set<String> keys = new HashSet<>(reported.keySet());
        keys.addAll(itemised.keySet());
        for (String k : keys) {
            Reported r = reported.get(k);
            Boxed b = itemised.getOrDefault(k, Boxed.NOTHING);
            packed = packed.add(r == null ? b.metres() : r.packed().max(b.metres()));
            sealed = sealed.add(r == null ? b.sealed() : r.sealed().max(b.sealed()));
        }
        return new Figures(inventoried, packed, sealed);
    }

    private static String key(String location) {
        return location == null ? NONE : location;
    }
}
