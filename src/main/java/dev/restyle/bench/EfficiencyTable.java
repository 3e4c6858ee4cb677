package dev.restyle.bench;

import dev.restyle.model.Precision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The bench's efficiency figures as text: per optimizer, precision and size, the achieved GFLOP/s (the
 * iteration's {@link FlopCount} over its median time) and that as a fraction of the convolution peak measured in
 * the same run, of fp32's and, for bf16, of bf16's own; and bf16's speed-up over fp32 in the same rounds.
 */
final class EfficiencyTable {

  /** The targets: fp32 at 256 and 512 px at 0.80 of the peak; bf16 1.6× fp32 at 512 px. */
  static final double TARGET_FRACTION = 0.80;
  static final double TARGET_SPEEDUP = 1.6;

  /**
   * @param msPerIteration median over the rounds
   * @param fp32Fraction median over the rounds of the round's GFLOP/s over fp32's peak measured in that round
   * @param ownFraction the same against the row's own precision's peak
   * @param speedup median of the rounds' fp32/bf16 time ratios (bf16 rows only; fp32 rows leave it empty)
   */
  record Row(String optimizer, Precision precision, int size, double gflopPerIteration, double msPerIteration,
      double fp32Fraction, double ownFraction, Optional<Double> speedup) {

    double gflops() {
      return gflopPerIteration / msPerIteration * 1000;
    }
  }

  private static final String FORMAT = "%-9s %-9s %5s %10s %10s %9s %12s %12s %9s%n";

  private EfficiencyTable() {}

  /** The best peaks of the run; each row's fractions are against the peaks measured in its own rounds. */
  static String peaks(Map<Precision, ConvolutionPeak> peaks, String threads) {
    StringBuilder text = new StringBuilder("convolution peak (3×3 conv2d forward, batch 1, channels-last, best of 4"
        + " VGG19 shapes × 5, intra-op threads " + threads + "; measured again in every round, the fractions are"
        + " per round against that round's; best of the run):");
    peaks.forEach((precision, peak) -> text.append(String.format(" %s %.0f GFLOP/s (%s);", precision.id(),
        peak.gflops(), peak.shape())));
    return text.substring(0, text.length() - 1) + System.lineSeparator();
  }

  static String header() {
    return String.format(FORMAT, "optimizer", "precision", "size", "GFLOP/iter", "ms/iter", "GFLOP/s",
        "of fp32 peak", "of own peak", "bf16 ×");
  }

  /** One line: the row's GFLOP/s and its fractions of fp32's peak and of its own precision's. */
  static String line(Row row) {
    return String.format(FORMAT, row.optimizer(), row.precision().id(), row.size(),
        String.format("%.1f", row.gflopPerIteration()), String.format("%.1f", row.msPerIteration()),
        String.format("%.0f", row.gflops()), String.format("%.2f", row.fp32Fraction()),
        String.format("%.2f", row.ownFraction()), row.speedup().map(s -> String.format("%.2f", s)).orElse(""));
  }

  /** Whether each target was met, in one line each: fp32 ≥ 0.80 of peak at 256 and 512 px; bf16 ≥ 1.6× at 512. */
  static String targets(List<Row> rows) {
    List<String> fraction = new ArrayList<>();
    List<String> speedup = new ArrayList<>();
    for (Row row : rows) {
      if (row.precision() == Precision.FP32 && (row.size() == 256 || row.size() == 512)) {
        double f = row.fp32Fraction();
        fraction.add(String.format("%s %d px %.2f %s", row.optimizer(), row.size(), f,
            f >= TARGET_FRACTION ? "met" : "not met"));
      }
      if (row.precision() == Precision.BF16 && row.size() == 512 && row.speedup().isPresent()) {
        double s = row.speedup().get();
        speedup.add(String.format("%s %.2f× %s", row.optimizer(), s, s >= TARGET_SPEEDUP ? "met" : "not met"));
      }
    }
    String line = System.lineSeparator();
    return "target fp32 >= " + TARGET_FRACTION + " of the fp32 peak at 256 and 512 px: "
        + (fraction.isEmpty() ? "not measured (sizes 256, 512 not run)" : String.join("; ", fraction)) + line
        + "target bf16 >= " + TARGET_SPEEDUP + "x fp32 per iteration at 512 px: "
        + (speedup.isEmpty() ? "not measured (bf16 or 512 px not run)" : String.join("; ", speedup)) + line;
  }
}
