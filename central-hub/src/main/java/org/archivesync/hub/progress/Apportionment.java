package org.archivesync.hub.progress;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits one office's figures over several rows (new communes, and the part whose place is not known) in proportion
 * to weights, so that the parts add up exactly to the whole and never to more. Amounts (metres, rates): every part is
 * rounded down and what rounding left goes to the part with the largest weight (the first of equal ones). Counts
 * (files, pages): by the largest remainders. No I/O.
 *
 * <p>The counts of fonds by packing source ({@code itemisedFonds}, {@code reportedFonds}) are not split: a fonds
 * contributes to every part, and the counts only say where the packed and sealed metres come from.
 */
final class Apportionment {

    private Apportionment() {
    }

    /**
     * @param weights part → weight (sheets), in the order the parts are wanted; every weight ≥ 0, their sum > 0
     * @return part → its figures, in the order of {@code weights}
     */
    static <K> Map<K, Figures> split(Figures f, Map<K, Long> weights) {
        K largest = largest(weights);
        long total = total(weights);
        Map<K, BigDecimal> inventoried = split(f.inventoriedMetres(), weights, largest, total);
        Map<K, BigDecimal> unsorted = split(f.unsortedMetres(), weights, largest, total);
        Map<K, BigDecimal> sorted = split(f.sortedMetres(), weights, largest, total);
        Map<K, BigDecimal> boxed = split(f.boxedMetres(), weights, largest, total);
        Map<K, BigDecimal> sealed = split(f.sealedMetres(), weights, largest, total);
        Map<K, BigDecimal> digitized = split(f.digitizedMetres(), weights, largest, total);
        Map<K, Long> pages = split(f.digitizedPages(), weights, largest, total);
        Map<K, Long> files = split(f.fileCount(), weights, largest, total);
        Map<K, Long> transfer = split(f.appraisedTransfer(), weights, largest, total);
        Map<K, Long> keep = split(f.appraisedKeep(), weights, largest, total);
        Map<K, Long> destroy = split(f.appraisedDestroy(), weights, largest, total);
        Map<K, BigDecimal> transferTarget = split(f.transferTargetMetres(), weights, largest, total);
        Map<K, BigDecimal> handOverTarget = split(f.handOverTargetMetres(), weights, largest, total);
        Map<K, BigDecimal> transferred = split(f.transferredMetres(), weights, largest, total);
        Map<K, BigDecimal> handed = split(f.handedOverMetres(), weights, largest, total);
        Map<K, BigDecimal> destroyed = split(f.destroyedMetres(), weights, largest, total);
        Map<K, Long> legacy = split(f.legacyRetentionFiles(), weights, largest, total);
        Map<K, Figures> out = new LinkedHashMap<>();
        for (K k : weights.keySet()) {
            out.put(k, new Figures(inventoried.get(k), unsorted.get(k), sorted.get(k), boxed.get(k), sealed.get(k),
                    digitized.get(k), pages.get(k), files.get(k), transfer.get(k), keep.get(k), destroy.get(k),
                    transferTarget.get(k), handOverTarget.get(k), transferred.get(k), handed.get(k), destroyed.get(k),
                    f.itemisedFonds(), f.reportedFonds(), legacy.get(k)));
        }
        return out;
    }

    /** Each amount of {@code amounts} (e.g. a site's rates per measure) split by the same rule. */
    static <K> Map<K, Map<String, BigDecimal>> splitEach(Map<String, BigDecimal> amounts, Map<K, Long> weights) {
        K largest = largest(weights);
        long total = total(weights);
        Map<K, Map<String, BigDecimal>> out = new LinkedHashMap<>();
        weights.keySet().forEach(k -> out.put(k, new LinkedHashMap<>()));
        amounts.forEach((measure, amount) -> split(amount, weights, largest, total)
                .forEach((k, part) -> out.get(k).put(measure, part)));
        return out;
    }

    /** One amount split, at its own scale (at least hundredths). */
    static <K> Map<K, BigDecimal> split(BigDecimal amount, Map<K, Long> weights) {
        return split(amount, weights, largest(weights), total(weights));
    }

    private static <K> Map<K, BigDecimal> split(BigDecimal amount, Map<K, Long> weights, K largest, long total) {
        int scale = Math.max(2, amount.scale());
        Map<K, BigDecimal> out = new LinkedHashMap<>();
        BigDecimal given = BigDecimal.ZERO;
        for (Map.Entry<K, Long> w : weights.entrySet()) {
            BigDecimal part = amount.multiply(BigDecimal.valueOf(w.getValue()))
                    .divide(BigDecimal.valueOf(total), scale, RoundingMode.DOWN);
            out.put(w.getKey(), part);
            given = given.add(part);
        }
        out.merge(largest, amount.subtract(given), BigDecimal::add);
        return out;
    }

    // Counts by the largest remainders: each part gets the whole number its share holds, and the units rounding left
    // go one each to the parts with the largest fractions (on a tie, the larger weight, then the first), so that a
    // part never shows a count its share does not come close to (a "remainder to the largest share" rule would give
    // the largest part every file rounding left over).
    private static <K> Map<K, Long> split(long amount, Map<K, Long> weights, K largest, long total) {
        Map<K, Long> out = new LinkedHashMap<>();
        Map<K, Long> fractions = new LinkedHashMap<>();
        long given = 0;
        for (Map.Entry<K, Long> w : weights.entrySet()) {
            java.math.BigInteger[] qr = java.math.BigInteger.valueOf(amount).multiply(java.math.BigInteger.valueOf(w.getValue()))
                    .divideAndRemainder(java.math.BigInteger.valueOf(total));
            out.put(w.getKey(), qr[0].longValueExact());
            fractions.put(w.getKey(), qr[1].longValueExact());
            given += qr[0].longValueExact();
        }
        List<K> order = new ArrayList<>(weights.keySet());
        order.sort(Comparator.comparing((K k) -> -fractions.get(k)).thenComparing(k -> -weights.get(k)));
        for (int i = 0; given < amount; i++, given++) {
            out.merge(order.get(i % order.size()), 1L, Long::sum);
        }
        return out;
    }

    private static <K> K largest(Map<K, Long> weights) {
        K largest = null;
        long most = -1;
        for (Map.Entry<K, Long> w : weights.entrySet()) {
            if (w.getValue() < 0) {
                throw new IllegalArgumentException("negative weight " + w.getValue() + " for " + w.getKey());
            }
            if (w.getValue() > most) {
                most = w.getValue();
                largest = w.getKey();
            }
        }
        return largest;
    }

    private static <K> long total(Map<K, Long> weights) {
        long total = weights.values().stream().mapToLong(Long::longValue).sum();
        if (total <= 0) {
            throw new IllegalArgumentException("no weight to split by: " + weights);
        }
        return total;
    }
}
