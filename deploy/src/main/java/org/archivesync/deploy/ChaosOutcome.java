package org.archivesync.deploy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a scenario measured, in the order it measured it: each figure a name and a value with its unit, printed on the
 * scenario's line ({@code recovered 3.2 s, published while hub down 100 %}).
 *
 * @param figures never null
 */
record ChaosOutcome(List<Figure> figures) {

    /**
     * @param name  a few words, English, e.g. {@code "ingest resumed after ready"}; never null
     * @param value the number
     * @param unit  {@code "s"}, {@code "%"}, {@code "events"}, {@code "MB"} ...; never null
     */
    record Figure(String name, double value, String unit) {

        @Override
        public String toString() {
            String number = value == Math.rint(value) && Math.abs(value) < 1e15
                    ? String.format(Locale.ROOT, "%,d", (long) value)
                    : String.format(Locale.ROOT, "%.1f", value);
            return name + " " + number + ("%".equals(unit) ? "%" : " " + unit);
        }
    }

    ChaosOutcome {
        figures = List.copyOf(figures);
    }

    static Builder builder() {
        return new Builder();
    }

    /** The value of the figure named {@code name}; throws when there is none. */
    double value(String name) {
        return figures.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no figure " + name)).value();
    }

    @Override
    public String toString() {
        return String.join(", ", figures.stream().map(Figure::toString).toList());
    }

    static final class Builder {
        private final List<Figure> figures = new ArrayList<>();

        Builder seconds(String name, Duration d) {
            figures.add(new Figure(name, d.toMillis() / 1000.0, "s"));
            return this;
        }

        Builder figure(String name, double value, String unit) {
            figures.add(new Figure(name, value, unit));
            return this;
        }

        ChaosOutcome build() {
            return new ChaosOutcome(figures);
        }
    }
}
