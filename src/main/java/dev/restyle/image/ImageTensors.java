package dev.restyle.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;

/** 8-bit RGB pixels (HWC) to and from a 1×3×H×W float tensor in [0,1] (NCHW). */
public final class ImageTensors {

  private ImageTensors() {}

  public static NDArray toTensor(BufferedImage image, NDManager manager) {
    return toTensor(toChw(image), image.getWidth(), image.getHeight(), manager);
  }

  /** Planar RGB in [0,1]: all R, then all G, then all B, rows top to bottom. */
  public static float[] toChw(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int plane = width * height;
    int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
    float[] chw = new float[3 * plane];
    for (int i = 0; i < plane; i++) {
      chw[i] = ((rgb[i] >> 16) & 0xFF) / 255f;
      chw[plane + i] = ((rgb[i] >> 8) & 0xFF) / 255f;
      chw[2 * plane + i] = (rgb[i] & 0xFF) / 255f;
    }
    return chw;
  }

  /** The values of a 1×3×H×W tensor, planar, as float32 on the host. */
  public static float[] toChw(NDArray tensor) {
    NDArray floats = tensor.toType(DataType.FLOAT32, false);
    try {
      return floats.toFloatArray();
    } finally {
      if (floats != tensor) { // toType without copy returns the array itself when it is float32 already
        floats.close();
      }
    }
  }

  /** Planar RGB (any values) to a 1×3×H×W tensor in {@code manager}. */
  public static NDArray toTensor(float[] chw, int width, int height, NDManager manager) {
    return manager.create(chw, new Shape(1, 3, height, width));
  }

  /** Rounds to the nearest 8-bit value; values outside [0,1] saturate. */
  public static BufferedImage toImage(NDArray tensor) {
    Shape shape = tensor.getShape();
    int height = (int) shape.get(2);
    int width = (int) shape.get(3);
    return toImage(toChw(tensor), width, height);
  }

  /** Planar RGB to an 8-bit image, rounding to the nearest value; values outside [0,1] saturate. */
  public static BufferedImage toImage(float[] chw, int width, int height) {
    int plane = width * height;
    int[] rgb = new int[plane];
    for (int i = 0; i < plane; i++) {
      rgb[i] = (toByte(chw[i]) << 16) | (toByte(chw[plane + i]) << 8) | toByte(chw[2 * plane + i]);
    }
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    image.setRGB(0, 0, width, height, rgb, 0, width);
    return image;
  }

  private static int toByte(float value) {
    return Math.max(0, Math.min(255, Math.round(value * 255f)));
  }
}
