package dev.restyle.transfer;

import ai.djl.ndarray.index.NDIndex;
import java.util.ArrayList;
import java.util.List;

/**
 * The tiles covering a {@code width × height} image at one iteration. Tiles are {@code tile} pixels a
 * side (or the whole image along an axis that is not longer), step {@code tile − overlap} apart, and the
 * grid starts {@code offset} pixels before the image, so that a random offset per iteration moves every
 * interior border; tiles that would stick out are pushed back inside, so each keeps its full size (VGG19
 * needs 16 px, and a sliver of a tile would carry no texture statistics).
 */
record TileGrid(int width, int height, List<Window> windows) {

  /** One tile: its position and size in the image, and which of its edges border another tile. */
  record Window(int x, int y, int width, int height, boolean left, boolean right, boolean top, boolean bottom) {

    NDIndex index() {
      return new NDIndex(":, :, {}:{}, {}:{}", y, y + height, x, x + width);
    }

    int area() {
      return width * height;
    }

    /**
     * Linear feathering: 1 inside, falling to {@code 1/(overlap+1)} at an edge shared with another tile,
     * over {@code overlap} pixels; never 0, so every pixel keeps a weight. Edges on the image's border stay 1.
     */
    float[] mask(int overlap) {
      float[] columns = ramp(width, overlap, left, right);
      float[] rows = ramp(height, overlap, top, bottom);
      float[] mask = new float[width * height];
      for (int r = 0; r < height; r++) {
        for (int c = 0; c < width; c++) {
          mask[r * width + c] = rows[r] * columns[c];
        }
      }
      return mask;
    }

    private static float[] ramp(int length, int overlap, boolean start, boolean end) {
      float[] ramp = new float[length];
      for (int i = 0; i < length; i++) {
        double weight = 1;
        if (start) {
          weight = Math.min(weight, (i + 1.0) / (overlap + 1));
        }
        if (end) {
          weight = Math.min(weight, (length - i) / (overlap + 1.0));
        }
        ramp[i] = (float) weight;
      }
      return ramp;
    }
  }

  static TileGrid of(int width, int height, int tile, int overlap, int offsetX, int offsetY) {
    List<int[]> columns = axis(width, tile, overlap, offsetX);
    List<int[]> rows = axis(height, tile, overlap, offsetY);
    List<Window> windows = new ArrayList<>();
    for (int[] row : rows) {
      for (int[] column : columns) {
        windows.add(new Window(column[0], row[0], column[1], row[1], column[0] > 0, column[0] + column[1] < width,
            row[0] > 0, row[0] + row[1] < height));
      }
    }
    return new TileGrid(width, height, List.copyOf(windows));
  }

  /** The distance between tile starts. */
  static int stride(int tile, int overlap) {
    return tile - overlap;
  }

  boolean single() {
    return windows.size() == 1;
  }

  /** {start, length} of the tiles along one axis. */
  private static List<int[]> axis(int length, int tile, int overlap, int offset) {
    List<int[]> spans = new ArrayList<>();
    if (length <= tile) {
      spans.add(new int[] {0, length});
      return spans;
    }
    int stride = stride(tile, overlap);
    int previous = -1;
    for (int k = 0; ; k++) {
      int start = Math.max(0, Math.min(length - tile, k * stride - offset));
      if (start != previous) {
        spans.add(new int[] {start, tile});
        previous = start;
      }
      if (start + tile >= length) {
        return spans;
      }
    }
  }
}
