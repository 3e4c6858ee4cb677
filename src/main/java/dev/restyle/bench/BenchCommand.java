package dev.restyle.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.restyle.image.ImageLimits;
import dev.restyle.model.ActivationLayout;
import dev.restyle.model.Pooling;
import dev.restyle.model.Precision;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.WeightsSource;
import dev.restyle.params.Optimizer;
import dev.restyle.params.PixelRange;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.support.ProcessMemory;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.ProgressListener;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code restyle bench}: median ms per iteration and peak RSS at several sizes, for both optimizers, and
 * the same loop in PyTorch where Debian's python3-torch is installed, with DJL/PyTorch as a ratio. A
 * command, not a test: shared machines are too noisy for timed assertions.
 *
 * <p>The two sides are measured in alternating rounds, not one run after the other: this machine drifts
 * by 15–30 % over minutes, which would otherwise decide the ratio.
 */
public final class BenchCommand {

  private static final String USAGE = "usage: restyle bench [--sizes 64,128,256,512] [--iterations 10]"
      + " [--rounds 3] [--pytorch auto|off] [--soak-iterations 0] [--tiling] [--photos]"
      + " [--efficiency on|off|only] [--precisions fp32,bf16] [--layer-profile SIZE]"
      + "\n  Threads: set RESTYLE_THREADS (default 2) in jobs/restyle; PyTorch gets the same number."
      + "\n  --rounds: per optimizer and size, this many DJL and PyTorch measurements taken in alternation"
      + "\n    (DJL first in even rounds, PyTorch first in odd ones); the ratio is the median of the rounds' ratios."
      + "\n  --efficiency: the convolution peak, GFLOP/s and fraction of peak per size and precision, and the"
      + "\n    iteration split (on by default; only: just that section, no PyTorch)."
      + "\n  --layer-profile: each VGG19 layer alone at SIZE px, forward and backward, per precision; nothing else."
      + "\n  --tiling: peak RSS of a 1024×768 transfer, untiled vs 256 px tiles, each in its own JVM."
      + "\n  --photos: decode time and peak RSS of a 12 and a 48 MP JPEG stylized at 512 px, each in its own JVM."
      + "\n  --batch 1,2,4,8: ms per pair-iteration and pairs/hour of pairs optimized together (--batch-pairs), at"
      + "\n    --sizes (default 64,128,256), both optimizers, in the first of --precisions (default fp32);"
      + "\n    --pair-iterations 500 sets the pairs of pairs/hour.";

  private static final int JIT_WARM_UP_SIZE = 64;
  private static final long JIT_QUIET_MS = 50;
  private static final int JIT_MAX_ROUNDS = 10;

  private static final String ROW = "%-9s %6s %12s %15s %8s %11s %12s%n";

  private PyTorchWorker pytorch; // null: DJL only (off, not installed, or failed)

  public int run(String[] args) {
    Map<String, String> flags = parseFlags(args);
    if (flags.containsKey("help")) {
      System.out.println(USAGE);
      return 0;
    }
    if (flags.containsKey("photos")) {
      try {
        System.out.print(LargePhotoProbe.table(LargePhotoProbe.measure()));
        return 0;
      } catch (IOException e) {
        System.err.println("restyle bench: " + e.getMessage());
        return 1;
      }
    }
    if (flags.containsKey("layer-profile")) {
      try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
        LayerProfile.print(manager, Integer.parseInt(flags.get("layer-profile")),
            ActivationLayout.preferredFor(Device.cpu()), precisions(flags), System.out);
      }
      return 0;
    }
    if (flags.containsKey("tiling")) {
      System.out.print(TilingMemoryProbe.table(TilingMemoryProbe.measure(1024, 256, 2)));
      return 0;
    }
    List<Integer> sizes = integers(flags.getOrDefault("sizes", flags.containsKey("batch") ? "64,128,256"
        : "64,128,256,512"));
    int iterations = Integer.parseInt(flags.getOrDefault("iterations", "10"));
    int rounds = Integer.parseInt(flags.getOrDefault("rounds", "3"));
    int soak = Integer.parseInt(flags.getOrDefault("soak-iterations", "0"));
    String efficiency = flags.getOrDefault("efficiency", "on");
    List<Precision> precisions = precisions(flags);
    if (rounds < 1) {
      System.err.println("restyle bench: --rounds must be at least 1, got " + rounds);
      return 2;
    }

    System.out.printf("restyle bench: %s, %d CPUs, intra-op threads %s, %d measured iterations after warm-up,"
        + " %d rounds%n", System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"), iterations, rounds);
    try (Vgg19 model = Vgg19Weights.load(new WeightsSource.Untrained(0), Vgg19Architecture.layer("relu5_1"), Pooling.MAX,
        Device.cpu())) {
      boolean batch = flags.containsKey("batch");
      startPyTorch(batch || efficiency.equals("only") ? "off" : flags.getOrDefault("pytorch", "auto"));
      PairOptimizer optimizer = new PairOptimizer(model, ImageLimits.DEFAULT);
      warmUpJit(optimizer);
      if (batch) {
        new BatchBench(optimizer, iterations, rounds, Integer.parseInt(flags.getOrDefault("pair-iterations", "500")),
            StyleParamTable.PRECISION.parse(flags.getOrDefault("precisions", "fp32").split(",")[0].strip()))
            .print(sizes, integers(flags.get("batch")));
        return 0;
      }
      if (!efficiency.equals("only")) {
        pyTorchTable(optimizer, sizes, iterations, rounds);
      }
      if (!efficiency.equals("off")) {
        EfficiencyBench.run(model, optimizer, sizes, iterations, rounds, precisions, System.out);
      }
      if (soak > 0) {
        soak(optimizer, soak);
      }
    } catch (IOException e) {
      System.err.println("restyle bench: " + e.getMessage());
      return 1;
    } finally {
      stopPyTorch();
    }
    return 0;
  }

  private void pyTorchTable(PairOptimizer optimizer, List<Integer> sizes, int iterations, int rounds) {
    System.out.printf(ROW, "optimizer", "size", "DJL ms/iter", "PyTorch ms/iter", "DJL/PyT", "ratio range",
        "peak RSS MiB");
    List<BenchRounds> measured = new ArrayList<>();
    for (String name : List.of("lbfgs", "adam")) {
      for (int size : sizes) {
        BenchRounds result = measureRounds(optimizer, name, size, iterations, rounds);
        measured.add(result);
        printRow(name, size, result);
      }
    }
    System.out.println(targetLine(measured));
  }

  /**
   * Small transfers until the JIT compiler goes quiet. Why: a fresh JVM interprets, then compiles, the
   * per-iteration Java code for its first few thousand iterations, and on a 2-core machine the compiler
   * threads take CPU from the intra-op threads. An executor that runs for hours never sees that, and
   * the benchmark is meant to measure what it sees, so the first measured size must not pay for it.
   */
  private static void warmUpJit(PairOptimizer optimizer) {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    PairInput input = SyntheticImages.benchPair(JIT_WARM_UP_SIZE);
    int rounds = 0;
    long spentMs;
    do {
      long before = jit.getTotalCompilationTime();
      for (String name : List.of("lbfgs", "adam")) {
        optimizer.optimize(input, benchParams(name, JIT_WARM_UP_SIZE, 20), ProgressListener.NONE);
      }
      spentMs = jit.getTotalCompilationTime() - before;
      rounds++;
    } while (spentMs > JIT_QUIET_MS && rounds < JIT_MAX_ROUNDS);
    System.out.printf("JIT warm-up: %d rounds of 2 × 20 iterations at %d px, the last one compiled for %d ms%n",
        rounds, JIT_WARM_UP_SIZE, spentMs);
  }

  /**
   * A transfer of the synthetic pair with no progress lines, unconstrained ({@code clamp_at_end}): the same
   * loop as the PyTorch reference, which runs torch.optim's optimizers as they are.
   */
  static StyleParams benchParams(String optimizer, int size, int iterations) {
    return StyleParams.builder().set(StyleParamTable.SIZE, size).set(StyleParamTable.OPTIMIZER, StyleParamTable.OPTIMIZER.parse(optimizer))
        .set(StyleParamTable.LOG_EVERY, 100_000).set(StyleParamTable.ITERATIONS, iterations)
        .set(StyleParamTable.PIXEL_RANGE, PixelRange.CLAMP_AT_END).build();
  }

  /** Warm-up on both sides, then the rounds, DJL and PyTorch next to each other in each. */
  private BenchRounds measureRounds(PairOptimizer optimizer, String name, int size, int iterations, int rounds) {
    PairInput input = SyntheticImages.benchPair(size);
    StyleParams params = benchParams(name, size, iterations + 1);
    optimizer.optimize(input, benchParams(name, size, 3), ProgressListener.NONE); // warm-up
    measurePyTorch(name, size, 2); // warm-up
    List<Double> djl = new ArrayList<>();
    List<Double> reference = new ArrayList<>();
    for (int round = 0; round < rounds; round++) {
      // ABBA order: which side goes first alternates, so a steady drift favours neither side
      boolean djlFirst = round % 2 == 0;
      if (!djlFirst) {
        measurePyTorch(name, size, iterations).ifPresent(reference::add);
      }
      djl.add(optimizer.optimize(input, params, ProgressListener.NONE).medianMillisPerIteration());
      if (djlFirst) {
        measurePyTorch(name, size, iterations).ifPresent(reference::add);
      }
    }
    // a worker that failed part-way left unpaired rounds: no ratio for this size rather than a skewed one
    return BenchRounds.of(djl, reference.size() == rounds ? reference : List.of());
  }

  private void startPyTorch(String mode) {
    if (mode.equals("off")) {
      System.out.println("PyTorch reference: off (--pytorch off), DJL only");
      return;
    }
    Path script = PyTorchWorker.defaultScript();
    Optional<String> unavailable = PyTorchWorker.unavailableReason(script);
    if (unavailable.isPresent()) {
      System.out.println("PyTorch reference: skipped (" + unavailable.get() + "), DJL only");
      return;
    }
    int threads = Integer.parseInt(System.getProperty("ai.djl.pytorch.num_threads", "2"));
    try {
      pytorch = PyTorchWorker.start(script, threads, line -> System.out.println("pytorch: " + line));
      System.out.println("PyTorch reference: " + pytorch.version() + ", measured in the same rounds as DJL");
    } catch (IOException e) {
      System.out.println("PyTorch reference: failed to start, DJL only: " + e.getMessage());
    }
  }

  /** One PyTorch measurement; after the worker's first failure, none, and the bench goes on with DJL only. */
  private OptionalDouble measurePyTorch(String name, int size, int iterations) {
    if (pytorch == null) {
      return OptionalDouble.empty();
    }
    try {
      return OptionalDouble.of(pytorch.measure(name, size, iterations));
    } catch (IOException e) {
      System.out.println("PyTorch reference: " + e.getMessage() + "; continuing with DJL only");
      stopPyTorch();
      return OptionalDouble.empty();
    }
  }

  private void stopPyTorch() {
    if (pytorch != null) {
      pytorch.close();
      pytorch = null;
    }
  }

  private static void printRow(String name, int size, BenchRounds result) {
    Optional<BenchRounds.Reference> reference = result.pytorch();
    System.out.printf(ROW, name, size, String.format("%.1f", result.djlMs()),
        reference.map(r -> String.format("%.1f", r.ms())).orElse("n/a"),
        reference.map(r -> String.format("%.2f", r.medianRatio())).orElse("n/a"),
        reference.map(r -> String.format("%.2f-%.2f", r.minRatio(), r.maxRatio())).orElse("n/a"),
        ProcessMemory.peakRssMiB());
  }

  private static String targetLine(List<BenchRounds> measured) {
    long compared = measured.stream().filter(result -> result.pytorch().isPresent()).count();
    String target = String.format("target DJL <= %.1fx PyTorch: ", BenchRounds.TARGET_RATIO);
    if (compared == 0) {
      return target + "not checked (no PyTorch measurements)";
    }
    long met = measured.stream().filter(BenchRounds::meetsTarget).count();
    return target + "met at " + met + " of " + compared + " sizes (median per-round ratio)";
  }

  /** Native memory must stay flat: RSS after 10% of the iterations vs at the end. */
  private static void soak(PairOptimizer optimizer, int iterations) {
    PairInput input = SyntheticImages.benchPair(128);
    long[] rssAtTenth = new long[1];
    StyleParams params = StyleParams.builder().set(StyleParamTable.SIZE, 128)
        .set(StyleParamTable.OPTIMIZER, Optimizer.ADAM).set(StyleParamTable.ITERATIONS, iterations)
        .set(StyleParamTable.LOG_EVERY, Math.max(1, iterations / 10)).build();
    PairResult result = optimizer.optimize(input, params, (point, total, speed) -> {
      if (point.iteration() == Math.max(1, iterations / 10)) {
        rssAtTenth[0] = ProcessMemory.currentRssMiB();
      }
    });
    long end = ProcessMemory.currentRssMiB();
    System.out.printf("soak: %d Adam iterations at 128 px: RSS %d MiB at iteration %d, %d MiB at the end"
        + " (%+.1f%%)%n", result.iterationsDone(), rssAtTenth[0], iterations / 10, end,
        100.0 * (end - rssAtTenth[0]) / rssAtTenth[0]);
  }

  private static List<Integer> integers(String commaSeparated) {
    List<Integer> values = new ArrayList<>();
    for (String value : commaSeparated.split(",")) {
      values.add(Integer.parseInt(value.strip()));
    }
    return values;
  }

  private static List<Precision> precisions(Map<String, String> flags) {
    List<Precision> precisions = new ArrayList<>();
    for (String precision : flags.getOrDefault("precisions", "fp32,bf16").split(",")) {
      precisions.add(StyleParamTable.PRECISION.parse(precision.strip()));
    }
    return precisions;
  }

  private static Map<String, String> parseFlags(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i].replaceFirst("^--", "");
      if (name.equals("help") || name.equals("h") || name.equals("tiling") || name.equals("photos")) {
        flags.put(name.equals("h") ? "help" : name, "");
      } else if (i + 1 < args.length) {
        flags.put(name, args[++i]);
      }
    }
    return flags;
  }
}
