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
    return manager.create(chw, new Shape(1, 3, height, width));
  }

  /** Rounds to the nearest 8-bit value; values outside [0,1] saturate. */
  public static BufferedImage toImage(NDArray tensor) {
    Shape shape = tensor.getShape();
    int height = (int) shape.get(2);
    int width = (int) shape.get(3);
    int plane = width * height;
    float[] chw = tensor.toType(DataType.FLOAT32, false).toFloatArray();
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
