package dev.restyle.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One optimizer and size of {@code restyle bench}, summarised over its rounds. Each round measured DJL and
 * PyTorch next to each other, so the ratio within a round is what compares them: minutes of drift on a
 * shared machine move both sides of a round alike, and the median of the ratios ignores a round that a
 * burst of load hit on one side only.
 *
 * @param djlMs median over the rounds of DJL's ms per iteration
 * @param pytorch the PyTorch side, absent when it was not measured
 */
record BenchRounds(double djlMs, Optional<Reference> pytorch) {

  /**
   * @param ms median over the rounds of PyTorch's ms per iteration
   * @param medianRatio median of the per-round DJL/PyTorch ratios
   * @param minRatio lowest per-round ratio
   * @param maxRatio highest per-round ratio
   */
  record Reference(double ms, double medianRatio, double minRatio, double maxRatio) {}

  /** The speed target: DJL no slower than PyTorch. */
  static final double TARGET_RATIO = 1.0;

  /**
   * @param djlMs DJL's ms per iteration, one per round
   * @param pytorchMs PyTorch's, one per round in the same order, or empty when PyTorch was not measured
   */
  static BenchRounds of(List<Double> djlMs, List<Double> pytorchMs) {
    requirePositive("DJL", djlMs);
    if (pytorchMs.isEmpty()) {
      return new BenchRounds(median(djlMs), Optional.empty());
    }
    requirePositive("PyTorch", pytorchMs);
    if (pytorchMs.size() != djlMs.size()) {
      throw new IllegalArgumentException("rounds must pair up: " + djlMs.size() + " DJL vs " + pytorchMs.size()
          + " PyTorch measurements");
    }
    List<Double> ratios = new ArrayList<>();
    for (int round = 0; round < djlMs.size(); round++) {
      ratios.add(djlMs.get(round) / pytorchMs.get(round));
    }
    Reference reference = new Reference(median(pytorchMs), median(ratios),
        ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
        ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
    return new BenchRounds(median(djlMs), Optional.of(reference));
  }

  boolean meetsTarget() {
    return pytorch.map(reference -> reference.medianRatio() <= TARGET_RATIO).orElse(false);
  }

  /** The middle value; with an even count, the mean of the two middle values. */
  static double median(List<Double> values) {
    if (values.isEmpty()) {
      throw new IllegalArgumentException("no values: the median needs at least one");
    }
    List<Double> sorted = values.stream().sorted().toList();
    int middle = sorted.size() / 2;
    return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
  }

  private static void requirePositive(String side, List<Double> millis) {
    if (millis.isEmpty()) {
      throw new IllegalArgumentException("no " + side + " measurements: at least one round is needed");
    }
    for (double ms : millis) {
      if (!(ms > 0) || Double.isInfinite(ms)) {
        throw new IllegalArgumentException(side + " ms per iteration must be positive and finite, got " + ms);
      }
    }
  }
}
