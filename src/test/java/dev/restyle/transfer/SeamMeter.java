package dev.restyle.transfer;

import java.awt.image.BufferedImage;
import java.util.Set;
import java.util.TreeSet;

/**
 * How visible tile borders are: the mean absolute difference between neighbouring pixels (in 8-bit levels,
 * averaged over R, G, B) across given border lines, over the same measure everywhere else. A seam is a
 * line where neighbours differ more than elsewhere: a ratio of 1 means none.
 */
final class SeamMeter {

  private SeamMeter() {}

  /** Columns x and rows y where a window of this grid starts or ends inside the image. */
  static Set<Integer>[] borders(TileGrid grid) {
    @SuppressWarnings("unchecked")
    Set<Integer>[] lines = new Set[] {new TreeSet<Integer>(), new TreeSet<Integer>()};
    for (TileGrid.Window w : grid.windows()) {
      if (w.left()) {
        lines[0].add(w.x());
      }
      if (w.right()) {
        lines[0].add(w.x() + w.width());
      }
      if (w.top()) {
        lines[1].add(w.y());
      }
      if (w.bottom()) {
        lines[1].add(w.y() + w.height());
      }
    }
    return lines;
  }

  /** Mean |I(x) − I(x−1)| over columns x in {@code columns} and rows likewise, over the mean elsewhere. */
  static double ratio(BufferedImage image, Set<Integer> columns, Set<Integer> rows) {
    double[] across = {0, 0};
    double[] elsewhere = {0, 0};
    int width = image.getWidth();
    int height = image.getHeight();
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int pixel = image.getRGB(x, y);
        if (x > 0) {
          add(columns.contains(x) ? across : elsewhere, difference(pixel, image.getRGB(x - 1, y)));
        }
        if (y > 0) {
          add(rows.contains(y) ? across : elsewhere, difference(pixel, image.getRGB(x, y - 1)));
        }
      }
    }
    return (across[0] / across[1]) / (elsewhere[0] / elsewhere[1]);
  }

  /**
   * A seam anywhere: for every line (column or row) between two pixels, its mean difference over that of
   * the lines 2 to 4 pixels away on both sides; the largest over the image. A line that stands out from its
   * own neighbourhood is a seam wherever the grid happened to put it, and textures that vary across the
   * image do not count, since they vary slowly compared to a line.
   */
  static double worstLine(BufferedImage image) {
    return Math.max(worstLine(profile(image, false)), worstLine(profile(image, true)));
  }

  private static double worstLine(double[] d) {
    double worst = 0;
    for (int x = 5; x < d.length - 4; x++) {
      double neighbours = (d[x - 4] + d[x - 3] + d[x - 2] + d[x + 2] + d[x + 3] + d[x + 4]) / 6;
      worst = Math.max(worst, d[x] / neighbours);
    }
    return worst;
  }

  /** d[x]: mean |I(x) − I(x−1)| along column x (or, transposed, row x). */
  private static double[] profile(BufferedImage image, boolean rows) {
    int lines = rows ? image.getHeight() : image.getWidth();
    int along = rows ? image.getWidth() : image.getHeight();
    double[] d = new double[lines];
    for (int x = 1; x < lines; x++) {
      double sum = 0;
      for (int y = 0; y < along; y++) {
        sum += rows ? difference(image.getRGB(y, x), image.getRGB(y, x - 1))
            : difference(image.getRGB(x, y), image.getRGB(x - 1, y));
      }
      d[x] = sum / along;
    }
    return d;
  }

  /** Mean |I(x) − I(x−1)| over the whole image, both directions. */
  static double meanDifference(BufferedImage image) {
    double[] sum = {0, 0};
    for (int y = 0; y < image.getHeight(); y++) {
      for (int x = 0; x < image.getWidth(); x++) {
        if (x > 0) {
          add(sum, difference(image.getRGB(x, y), image.getRGB(x - 1, y)));
        }
        if (y > 0) {
          add(sum, difference(image.getRGB(x, y), image.getRGB(x, y - 1)));
        }
      }
    }
    return sum[0] / sum[1];
  }

  private static void add(double[] accumulator, double value) {
    accumulator[0] += value;
    accumulator[1]++;
  }

  private static double difference(int a, int b) {
    return (Math.abs(((a >> 16) & 255) - ((b >> 16) & 255)) + Math.abs(((a >> 8) & 255) - ((b >> 8) & 255))
        + Math.abs((a & 255) - (b & 255))) / 3.0;
  }
}
