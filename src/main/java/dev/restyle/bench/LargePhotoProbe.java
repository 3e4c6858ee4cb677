package dev.restyle.bench;

import ai.djl.Device;
import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import dev.restyle.model.Pooling;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.WeightsSource;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.support.ProcessMemory;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.ProgressListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code restyle bench --photos}: what a phone's 12- and 48-megapixel JPEG costs when stylized at 512 px,
 * each in its own JVM ({@link ProbeChild}): the decode's time (to the 512 px network input) and the
 * process's peak RSS over the decodes and one Adam iteration. The control decodes the 48 MP photo whole,
 * as Restyle did before; the iteration itself always decodes reduced. The JPEGs are drawn and encoded first, in
 * this JVM, so the children only read them.
 */
public final class LargePhotoProbe {

  /**
   * One child's figures.
   *
   * @param decodedWidth the width actually decoded, before the resize to 512 px
   * @param reduced whether the decode was reduced, as Restyle does, or whole, as before (the control)
   */
  public record Measurement(int width, int height, int decodedWidth, boolean reduced, double decodeMs,
      long peakRssMiB) {}

  private static final String CHILD = "--child";
  private static final int SIZE = 512;
  private static final int DECODES = 3;

  private LargePhotoProbe() {}

  public static void main(String[] args) throws IOException {
    if (args.length > 0 && args[0].equals(CHILD)) {
      boolean reduced = Boolean.parseBoolean(args[2]);
      Measurement m = run(Path.of(args[1]), reduced);
      System.out.printf(Locale.ROOT, ProbeChild.RESULT + "%d %.1f %d%n", m.decodedWidth(), m.decodeMs(),
          m.peakRssMiB());
      return;
    }
    System.out.print(table(measure()));
  }

  /**
   * A 12 MP (4000 × 3000) and a 48 MP (8000 × 6000) photo-like JPEG, each stylized in a child JVM, and
   * the 48 MP one once more decoded whole, as before the reduced decode.
   */
  public static List<Measurement> measure() throws IOException {
    Path dir = Files.createTempDirectory("restyle-photos");
    try {
      List<Measurement> measured = new ArrayList<>();
      for (int[] size : new int[][] {{4000, 3000}, {8000, 6000}}) {
        Path jpeg = dir.resolve(size[0] + "x" + size[1] + ".jpg");
        Files.write(jpeg, ImageEncoder.encode(SyntheticImages.landscape(size[0], size[1]), ImageFormat.JPEG));
        for (boolean reduced : size[0] == 8000 ? new boolean[] {true, false} : new boolean[] {true}) {
          // A heap that grows as needed: a whole 48 MP decode is hundreds of MiB of it, which is the point.
          String[] f = ProbeChild.run(LargePhotoProbe.class, List.of("-Xmx2g"), List.of(CHILD, jpeg.toString(),
              "" + reduced));
          measured.add(new Measurement(size[0], size[1], Integer.parseInt(f[0]), reduced, Double.parseDouble(f[1]),
              Long.parseLong(f[2])));
        }
        Files.delete(jpeg);
      }
      return measured;
    } finally {
      Files.deleteIfExists(dir);
    }
  }

  public static String table(List<Measurement> measured) {
    StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-10s %-8s %9s %12s %14s%n", "photo",
        "decode", "decoded", "decode ms", "peak RSS MiB"));
    for (Measurement m : measured) {
      text.append(String.format(Locale.ROOT, "%-10s %-8s %9d %12.1f %14d%n", m.width() + "x" + m.height(),
          m.reduced() ? "reduced" : "whole", m.decodedWidth(), m.decodeMs(), m.peakRssMiB()));
    }
    Measurement small = measured.get(0);
    Measurement large = measured.get(1);
    text.append(String.format(Locale.ROOT, "48 MP / 12 MP: decode %.2fx (target <= 1.5), peak RSS %.2fx "
        + "(target <= 1.3)%n", large.decodeMs() / small.decodeMs(), (double) large.peakRssMiB() / small.peakRssMiB()));
    return text.toString();
  }

  /** In the child: the decode, timed as the median of a few, then one iteration; then the peak RSS. */
  static Measurement run(Path jpeg, boolean reduced) throws IOException {
    byte[] bytes = Files.readAllBytes(jpeg);
    List<Double> times = new ArrayList<>();
    int width = 0;
    for (int i = 0; i < DECODES; i++) {
      long start = System.nanoTime();
      var decoded = ImageDecoder.decodeOriented(bytes, jpeg.toString(), ImageLimits.DEFAULT,
          reduced ? SIZE : ImageDecoder.FULL_SIZE);
      ImageResizer.forNetwork(decoded.image(), SIZE, jpeg.toString());
      times.add((System.nanoTime() - start) / 1e6);
      width = decoded.image().getWidth(); // upright: a photo stored on its side is decoded to its shown width
    }
    times.sort(Double::compare);
    try (Vgg19 model = Vgg19Weights.load(new WeightsSource.Untrained(0), Vgg19Architecture.layer("relu5_1"),
        Pooling.MAX, Device.cpu())) {
      PairInput input = new PairInput(jpeg.toString(), bytes, "texture", ImageEncoder.encode(
          SyntheticImages.texture(SIZE), ImageFormat.PNG));
      StyleParams params = StyleParams.builder().set(StyleParamTable.SIZE, SIZE)
          .set(StyleParamTable.OPTIMIZER, Optimizer.ADAM).set(StyleParamTable.ITERATIONS, 1).build();
      new PairOptimizer(model, ImageLimits.DEFAULT).optimize(input, params, ProgressListener.NONE);
    }
    return new Measurement(0, 0, width, reduced, times.get(times.size() / 2), ProcessMemory.peakRssMiB());
  }
}
