package dev.restyle.bench;

import ai.djl.ndarray.NDManager;
import dev.restyle.model.ActivationLayout;
import dev.restyle.model.Bf16Casts;
import dev.restyle.model.Precision;
import dev.restyle.model.Vgg19;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.ProgressListener;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code restyle bench}'s efficiency section: the convolution peak, then per optimizer, size and precision the
 * median ms per iteration (fp32 and bf16 measured next to each other in every round, which goes first alternating)
 * against the iteration's FLOP count, and one iteration split into forward, loss/Gram, backward and optimizer.
 */
final class EfficiencyBench {

  private static final int LBFGS_HISTORY = 100; // the default history_size

  private EfficiencyBench() {}

  static void run(Vgg19 model, PairOptimizer optimizer, List<Integer> sizes, int iterations, int rounds,
      List<Precision> asked, PrintStream out) {
    List<String> layersRead = layersRead();
    List<Precision> precisions = new ArrayList<>();
    for (Precision precision : asked) {
      if (model.inPrecision(precision, layersRead).precision() == precision) {
        precisions.add(precision);
      } else {
        out.println("efficiency: " + precision.id() + " is not native on this device (see the log line), left out");
      }
    }
    try (NDManager manager = NDManager.newBaseManager(model.device())) {
      Bf16Casts casts = precisions.contains(Precision.BF16) ? Bf16Casts.load(manager) : null;
      Peaks peaks = new Peaks(manager, model.block().layout(), casts, precisions);
      List<EfficiencyTable.Row> rows = new ArrayList<>();
      out.print(EfficiencyTable.header());
      for (String name : List.of("lbfgs", "adam")) {
        for (int size : sizes) {
          for (EfficiencyTable.Row row : measure(model, optimizer, name, size, iterations, rounds, precisions, peaks)) {
            rows.add(row);
            out.print(EfficiencyTable.line(row));
          }
        }
      }
      out.print(EfficiencyTable.targets(rows));
      out.print(EfficiencyTable.peaks(peaks.best, System.getProperty("ai.djl.pytorch.num_threads", "default")));
      split(model, sizes, rounds, precisions, layersRead, peaks.best, out);
    }
  }

  /**
   * The convolution peaks, measured again in every round: on a shared machine the cores' share changes over
   * minutes, and a fraction of a peak measured at another time would be a fraction of another machine.
   */
  private static final class Peaks {
    private final NDManager manager;
    private final ActivationLayout layout;
    private final Bf16Casts casts;
    private final List<Precision> precisions;
    final Map<Precision, ConvolutionPeak> best = new EnumMap<>(Precision.class);

    Peaks(NDManager manager, ActivationLayout layout, Bf16Casts casts, List<Precision> precisions) {
      this.manager = manager;
      this.layout = layout;
      this.casts = casts;
      this.precisions = precisions;
    }

    /** This moment's peaks (fp32 always, bf16 when measured), also kept as the run's best. */
    Map<Precision, Double> measure() {
      Map<Precision, Double> now = new EnumMap<>(Precision.class);
      for (Precision precision : List.of(Precision.FP32, Precision.BF16)) {
        if (precision == Precision.FP32 || precisions.contains(precision)) {
          ConvolutionPeak peak = ConvolutionPeak.measure(manager, precision, layout, casts);
          now.put(precision, peak.gflops());
          best.merge(precision, peak, (a, b) -> a.gflops() >= b.gflops() ? a : b);
        }
      }
      return now;
    }
  }

  private static void split(Vgg19 model, List<Integer> sizes, int rounds, List<Precision> precisions,
      List<String> layersRead, Map<Precision, ConvolutionPeak> peaks, PrintStream out) {
    out.printf("iteration split, ms (median of %d rounds; optimizer steps on a same-sized stand-in objective;"
        + " 'convs at peak' = the iteration's FLOP at the run's best peak of its precision):%n", rounds);
    String format = "%-9s %5s %9s %10s %9s %7s %12s %12s %14s%n";
    out.printf(format, "precision", "size", "forward", "loss/Gram", "backward", "adam", "lbfgs early",
        "lbfgs full", "convs at peak");
    for (int size : sizes) {
      for (Precision precision : precisions) {
        IterationSplit split = IterationSplit.measure(model.inPrecision(precision, layersRead), size, rounds,
            LBFGS_HISTORY);
        double atPeak = FlopCount.perIteration(model.block().layers(), size, size) / peaks.get(precision).gflops()
            / 1e6;
        out.printf(format, precision.id(), size, f(split.forwardMs()), f(split.lossMs()), f(split.backwardMs()),
            f(split.adamMs()), f(split.lbfgsEarlyMs()), f(split.lbfgsFullMs()), f(atPeak));
      }
    }
  }

  /** One row per precision for this optimizer and size. */
  private static List<EfficiencyTable.Row> measure(Vgg19 model, PairOptimizer optimizer, String name, int size,
      int iterations, int rounds, List<Precision> precisions, Peaks peaks) {
    PairInput input = SyntheticImages.benchPair(size);
    Map<Precision, List<Double>> ms = new EnumMap<>(Precision.class);
    for (Precision precision : precisions) {
      optimizer.optimize(input, params(name, size, 3, precision), ProgressListener.NONE); // warm-up
      ms.put(precision, new ArrayList<>());
    }
    List<Double> speedups = new ArrayList<>();
    double gflop = FlopCount.perIteration(model.block().layers(), size, size) / 1e9;
    Map<Precision, List<Double>> fp32Fractions = new EnumMap<>(Precision.class);
    Map<Precision, List<Double>> ownFractions = new EnumMap<>(Precision.class);
    for (int round = 0; round < rounds; round++) {
      Map<Precision, Double> peaksNow = peaks.measure();
      List<Precision> order = new ArrayList<>(precisions);
      if (round % 2 == 1) {
        java.util.Collections.reverse(order); // ABBA: a steady drift favours neither precision
      }
      Map<Precision, Double> thisRound = new EnumMap<>(Precision.class);
      for (Precision precision : order) {
        double median = optimizer.optimize(input, params(name, size, iterations + 1, precision),
            ProgressListener.NONE).medianMillisPerIteration();
        thisRound.put(precision, median);
        ms.get(precision).add(median);
        double gflops = gflop / median * 1000;
        fp32Fractions.computeIfAbsent(precision, p -> new ArrayList<>()).add(gflops / peaksNow.get(Precision.FP32));
        ownFractions.computeIfAbsent(precision, p -> new ArrayList<>()).add(gflops / peaksNow.get(precision));
      }
      if (thisRound.containsKey(Precision.BF16)) {
        speedups.add(thisRound.get(Precision.FP32) / thisRound.get(Precision.BF16));
      }
    }
    List<EfficiencyTable.Row> rows = new ArrayList<>();
    for (Precision precision : precisions) {
      Optional<Double> speedup = precision == Precision.BF16 && !speedups.isEmpty()
          ? Optional.of(BenchRounds.median(speedups)) : Optional.empty();
      rows.add(new EfficiencyTable.Row(name, precision, size, gflop, BenchRounds.median(ms.get(precision)),
          BenchRounds.median(fp32Fractions.get(precision)), BenchRounds.median(ownFractions.get(precision)), speedup));
    }
    return rows;
  }

  private static StyleParams params(String optimizer, int size, int iterations, Precision precision) {
    return BenchCommand.benchParams(optimizer, size, iterations).with(Map.of(StyleParamTable.PRECISION.name(),
        precision.id()));
  }

  private static List<String> layersRead() {
    StyleParams.Losses losses = StyleParams.defaults().losses();
    List<String> layers = new ArrayList<>(losses.styleLayers());
    layers.add(losses.contentLayer());
    return layers;
  }

  private static String f(double ms) {
    return String.format("%.1f", ms);
  }
}
