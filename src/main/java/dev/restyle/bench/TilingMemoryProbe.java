package dev.restyle.bench;

import ai.djl.Device;
import dev.restyle.image.ImageLimits;
import dev.restyle.model.Pooling;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.VggLayer;
import dev.restyle.model.WeightsSource;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.support.ProcessMemory;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.ProgressListener;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Peak resident memory of a tiled and an untiled transfer of the same output, for {@code restyle bench} or
 * by hand: {@code java -cp … dev.restyle.bench.TilingMemoryProbe [size] [tile] [iterations]}.
 *
 * <p>Each transfer runs in its own child JVM ({@link ProbeChild}): a process's peak only ever grows. Seeded
 * weights and synthetic images, so it needs no files; Adam, because L-BFGS's history (2 × history_size
 * whole-image vectors) would hide what tiling saves.
 */
public final class TilingMemoryProbe {

  /** One child's outcome; {@code tile} 0 is the untiled run. */
  public record Measurement(int width, int height, int tile, long peakRssMiB, double seconds, double totalLoss) {}

  private static final String CHILD = "--child";

  private TilingMemoryProbe() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals(CHILD)) {
      Measurement m = run(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
      System.out.printf(Locale.ROOT, ProbeChild.RESULT + "%d %d %d %d %.3f %.6g%n", m.width(), m.height(), m.tile(),
          m.peakRssMiB(), m.seconds(), m.totalLoss());
      return;
    }
    int size = args.length > 0 ? Integer.parseInt(args[0]) : 1024;
    int tile = args.length > 1 ? Integer.parseInt(args[1]) : 256;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    System.out.println(table(measure(size, tile, iterations)));
  }

  /**
   * Runs the untiled and then the tiled transfer of a {@code size × 3/4·size} output, each in a child JVM.
   *
   * @return the untiled measurement, then the tiled one
   */
  public static List<Measurement> measure(int size, int tile, int iterations) {
    return List.of(child(size, 0, iterations), child(size, tile, iterations));
  }

  /** The measurements as a small text table, with the tiled/untiled ratio of peak RSS. */
  public static String table(List<Measurement> measurements) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-9s %-11s %10s %10s %12s%n", "tile",
        "output", "peak MiB", "seconds", "total loss"));
    for (Measurement m : measurements) {
      text.append(String.format(Locale.ROOT, "%-9s %-11s %10d %10.1f %12.4g%n",
          m.tile() == 0 ? "untiled" : m.tile() + " px", m.width() + "x" + m.height(), m.peakRssMiB(), m.seconds(),
          m.totalLoss()));
    }
    if (measurements.size() == 2) {
      text.append(String.format(Locale.ROOT, "tiled/untiled peak RSS: %.2f%n",
          (double) measurements.get(1).peakRssMiB() / measurements.get(0).peakRssMiB()));
    }
    return text.toString();
  }

  private static Measurement child(int size, int tile, int iterations) {
    String[] f = ProbeChild.run(TilingMemoryProbe.class, ProbeChild.FIXED_HEAP, List.of(CHILD, Integer.toString(size),
        Integer.toString(tile), Integer.toString(iterations)));
    return new Measurement(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Integer.parseInt(f[2]),
        Long.parseLong(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]));
  }

  /** In the child: one transfer, then this process's peak RSS. */
  static Measurement run(int size, int tile, int iterations) throws IOException {
    VggLayer deepest = Vgg19Architecture.layer("relu5_1");
    try (Vgg19 model = Vgg19Weights.load(new WeightsSource.Untrained(0), deepest, Pooling.MAX, Device.cpu())) {
      int height = size * 3 / 4;
      PairInput input = SyntheticImages.landscapePair(size, height);
      StyleParams params = StyleParams.builder().set(StyleParamTable.SIZE, size)
          .set(StyleParamTable.ITERATIONS, iterations).set(StyleParamTable.OPTIMIZER, Optimizer.ADAM)
          .set(StyleParamTable.TILE, tile).build();
      long start = System.nanoTime();
      PairResult result = new PairOptimizer(model, ImageLimits.DEFAULT).optimize(input, params, ProgressListener.NONE);
      double seconds = (System.nanoTime() - start) / 1e9;
      return new Measurement(result.width(), result.height(), tile, ProcessMemory.peakRssMiB(), seconds,
          result.last().total());
    }
  }

}
