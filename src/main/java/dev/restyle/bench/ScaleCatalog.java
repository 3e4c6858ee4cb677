package dev.restyle.bench;

import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A catalog of N tiny pairs for the scale benchmark: {@value #STYLES} styles and N / {@value #STYLES} contents,
 * 16 px pictures drawn from formulas, and a CSV manifest pairing each content with one style. Few styles and
 * many contents is the shape of real catalogs, and it keeps the style-target cache as busy as theirs.
 */
public final class ScaleCatalog {

  static final int STYLES = 8;
  static final int SIDE = 16;

  private ScaleCatalog() {}

  /** Writes {@code dir/content/}, {@code dir/style/} and {@code dir/pairs.csv}; returns the manifest. */
  public static Path write(Path dir, int pairs) throws IOException {
    Path contents = Files.createDirectories(dir.resolve("content"));
    Path styles = Files.createDirectories(dir.resolve("style"));
    for (int s = 0; s < STYLES; s++) {
      Files.write(styles.resolve("s" + s + ".png"), png(shifted(SyntheticImages.stripes(SIDE + s), s)));
    }
    int contentCount = (pairs + STYLES - 1) / STYLES;
    for (int c = 0; c < contentCount; c++) {
      Files.write(contents.resolve("c" + c + ".png"), png(shifted(SyntheticImages.gradient(SIDE), c)));
    }
    Path manifest = dir.resolve("pairs.csv");
    try (Writer csv = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
      csv.write("pair_id,content_uri,style_uri\n");
      for (int i = 0; i < pairs; i++) {
        csv.write(String.format("p%07d,content/c%d.png,style/s%d.png%n", i, i / STYLES, i % STYLES));
      }
    }
    return manifest;
  }

  /** The picture with its pixels rotated by {@code n} (mod 256) in each channel: distinct files, same size. */
  private static BufferedImage shifted(BufferedImage image, int n) {
    int k = n % 256;
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        int rgb = image.getRGB(x, y);
        int r = ((rgb >> 16 & 0xFF) + k) & 0xFF;
        int g = ((rgb >> 8 & 0xFF) + 3 * k) & 0xFF;
        int b = ((rgb & 0xFF) + 7 * k) & 0xFF;
        image.setRGB(x, y, (r << 16) | (g << 8) | b);
      }
    }
    return image;
  }

  private static byte[] png(BufferedImage image) {
    return ImageEncoder.encode(image, ImageFormat.PNG);
  }
}
