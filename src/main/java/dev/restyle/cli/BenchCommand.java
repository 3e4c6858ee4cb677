package dev.restyle.cli;

import ai.djl.Device;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.model.Pooling;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.ProgressListener;
import dev.restyle.transfer.StyleParams;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code restyle bench}: median ms per iteration and peak RSS at several sizes, for both optimizers, and
 * the same loop in PyTorch where Debian's python3-torch is installed, with DJL/PyTorch as a ratio. A
 * command, not a test: shared machines are too noisy for timed assertions.
 */
final class BenchCommand {

  int run(String[] args) {
    Map<String, String> flags = parseFlags(args);
    if (flags.containsKey("help")) {
      System.out.println("usage: restyle bench [--sizes 64,128,256,512] [--iterations 10] [--pytorch auto|off]"
          + " [--soak-iterations 0] [--tiling]\n  Threads: set RESTYLE_THREADS (default 2) in jobs/restyle."
          + "\n  --tiling: peak RSS of a 1024×768 transfer, untiled vs 256 px tiles, each in its own JVM.");
      return 0;
    }
    if (flags.containsKey("tiling")) {
      System.out.print(dev.restyle.transfer.TilingMemoryProbe.table(
          dev.restyle.transfer.TilingMemoryProbe.measure(1024, 256, 2)));
      return 0;
    }
    List<Integer> sizes = new ArrayList<>();
    for (String size : flags.getOrDefault("sizes", "64,128,256,512").split(",")) {
      sizes.add(Integer.parseInt(size.strip()));
    }
    int iterations = Integer.parseInt(flags.getOrDefault("iterations", "10"));
    int soak = Integer.parseInt(flags.getOrDefault("soak-iterations", "0"));
    Map<String, Double> pytorch = flags.getOrDefault("pytorch", "auto").equals("off")
        ? Map.of() : PyTorchReference.run(sizes, iterations);

    System.out.printf("restyle bench: %s, %d CPUs, intra-op threads %s, %d measured iterations after warm-up%n",
        System.getProperty("os.arch"), Runtime.getRuntime().availableProcessors(),
        System.getProperty("ai.djl.pytorch.num_threads", "default"), iterations);
    System.out.printf("%-9s %6s %14s %14s %10s %14s%n", "optimizer", "size", "DJL ms/iter", "PyTorch ms/iter",
        "DJL/PyT", "peak RSS MiB");
    try (Vgg19 model = Vgg19Weights.load("untrained:seed=0", Vgg19Architecture.layer("relu5_1"), Pooling.MAX,
        Device.cpu())) {
      PairOptimizer optimizer = new PairOptimizer(model, ImageLimits.DEFAULT);
      for (String name : List.of("lbfgs", "adam")) {
        for (int size : sizes) {
          PairInput input = syntheticPair(size);
          StyleParams params = StyleParams.of(Map.of("size", "" + size, "optimizer", name, "log_every", "100000",
              "iterations", "" + (iterations + 1)));
          optimizer.optimize(input, params.with(Map.of("iterations", "3")), ProgressListener.NONE); // warm-up
          PairResult result = optimizer.optimize(input, params, ProgressListener.NONE);
          double djl = result.medianMillisPerIteration();
          Double reference = pytorch.get(name + "@" + size);
          System.out.printf("%-9s %6d %14.1f %14s %10s %14d%n", name, size, djl,
              reference == null ? "n/a" : String.format("%.1f", reference),
              reference == null ? "n/a" : String.format("%.2f", djl / reference), MemoryProbe.peakRssMiB());
        }
      }
      if (soak > 0) {
        soak(optimizer, soak);
      }
    } catch (IOException e) {
      System.err.println("restyle bench: " + e.getMessage());
      return 1;
    }
    return 0;
  }

  /** Native memory must stay flat: RSS after 10% of the iterations vs at the end. */
  private static void soak(PairOptimizer optimizer, int iterations) {
    PairInput input = syntheticPair(128);
    long[] rssAtTenth = new long[1];
    StyleParams params = StyleParams.of(Map.of("size", "128", "optimizer", "adam", "iterations", "" + iterations,
        "log_every", "" + Math.max(1, iterations / 10)));
    PairResult result = optimizer.optimize(input, params, (point, total, speed) -> {
      if (point.iteration() == Math.max(1, iterations / 10)) {
        rssAtTenth[0] = MemoryProbe.currentRssMiB();
      }
    });
    long end = MemoryProbe.currentRssMiB();
    System.out.printf("soak: %d Adam iterations at 128 px: RSS %d MiB at iteration %d, %d MiB at the end"
        + " (%+.1f%%)%n", result.iterationsDone(), rssAtTenth[0], iterations / 10, end,
        100.0 * (end - rssAtTenth[0]) / rssAtTenth[0]);
  }

  static PairInput syntheticPair(int size) {
    BufferedImage content = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    BufferedImage style = new BufferedImage(size, size, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < size; y++) {
      for (int x = 0; x < size; x++) {
        int r = 255 * x / size;
        int g = 255 * y / size;
        content.setRGB(x, y, (r << 16) | (g << 8) | 128);
        int stripe = (int) (127.5 + 127.5 * Math.sin(0.3 * x + 0.15 * y));
        style.setRGB(x, y, (stripe << 16) | ((255 - stripe) << 8) | (x * y % 256));
      }
    }
    return new PairInput("synthetic-content", ImageEncoder.encode(content, ImageFormat.PNG), "synthetic-style",
        ImageEncoder.encode(style, ImageFormat.PNG));
  }

  private static Map<String, String> parseFlags(String[] args) {
    Map<String, String> flags = new HashMap<>();
    for (int i = 0; i < args.length; i++) {
      String name = args[i].replaceFirst("^--", "");
      if (name.equals("help") || name.equals("h") || name.equals("tiling")) {
        flags.put(name.equals("h") ? "help" : name, "");
      } else if (i + 1 < args.length) {
        flags.put(name, args[++i]);
      }
    }
    return flags;
  }

  /** Runs jobs/bench_pytorch.py with Debian's python3, where torch is installed. */
  static final class PyTorchReference {

    static Map<String, Double> run(List<Integer> sizes, int iterations) {
      Map<String, Double> result = new HashMap<>();
      Path script = Path.of(System.getProperty("restyle.home", "."), "jobs", "bench_pytorch.py");
      if (!Files.exists(script) || !new File("/usr/bin/python3").canExecute()) {
        System.out.println("PyTorch reference: skipped (no /usr/bin/python3 or " + script + ")");
        return result;
      }
      List<String> command = List.of("/usr/bin/python3", script.toString(), "--sizes",
          String.join(",", sizes.stream().map(String::valueOf).toArray(String[]::new)), "--iterations",
          "" + iterations, "--threads", System.getProperty("ai.djl.pytorch.num_threads", "2"));
      try {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
        Process process = builder.start();
        try (BufferedReader lines = new BufferedReader(
            new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
          for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            String[] parts = line.strip().split("\\s+");
            if (parts.length == 4 && parts[0].equals("RESULT")) {
              result.put(parts[1], Double.parseDouble(parts[3]));
            } else {
              System.out.println("pytorch: " + line);
            }
          }
        }
        process.waitFor();
      } catch (IOException | InterruptedException e) {
        System.out.println("PyTorch reference: failed: " + e.getMessage());
      }
      return result;
    }
  }
}
