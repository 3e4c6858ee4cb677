package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.image.ImageResizer;
import dev.restyle.image.YCbCr;
import dev.restyle.model.GraphConstants;
import dev.restyle.params.InvalidParamException;
import dev.restyle.params.StyleParamTable;
import java.awt.image.BufferedImage;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Where one style applies at one scale (Gatys et al. 2017, "Controlling Perceptual Factors in Neural Style
 * Transfer"): the mask resized to the output like the content, as grayscale in [0,1], then brought to each
 * style layer's resolution by averaging 2×2 blocks once per pooling before it. VGG19's poolings drop an odd
 * last row or column, and so does the averaging, so mask position (i, j) is the one the activation at
 * (i, j) sees (the guide propagation Gatys et al. call "simple downsampling").
 */
final class StyleMask {

  /** A layer's mask: the weights of its H·W positions as a 1×(H·W) row, and their sum, the mask's mass. */
  record Layer(NDArray weights, double mass, int height, int width) {}

  /** Below this the mask has no region at a layer (under one position at one 8-bit level). */
  private static final double LEAST_MASS = 1.0 / 255;

  private final Map<String, Layer> layers;

  private StyleMask(Map<String, Layer> layers) {
    this.layers = layers;
  }

  /**
   * @param mask the decoded mask, any size; resized to {@code width × height}
   * @param name the mask's URI, for messages
   * @param manager owns the weights (the scale's manager)
   * @throws InvalidParamException when the mask is black at some style layer: that style would have no region
   */
  static StyleMask of(BufferedImage mask, String name, int width, int height, List<String> styleLayers,
      NDManager manager) {
    float[] full = gray(ImageResizer.toSize(mask, width, height));
    Map<String, Layer> layers = new LinkedHashMap<>();
    for (String layer : styleLayers) {
      float[] values = full;
      int w = width;
      int h = height;
      for (int stride = StyleTargets.stride(layer); stride > 1; stride /= 2) {
        values = halved(values, w, h);
        w /= 2;
        h /= 2;
      }
      double mass = 0;
      for (float value : values) {
        mass += value;
      }
      if (mass < LEAST_MASS) {
        throw new InvalidParamException(StyleParamTable.STYLE_MASK_URI.flag(), name,
            "masks with some white where their style applies; this one is black everywhere"
                + (values.length == full.length ? "" : " at " + layer + " (" + w + "×" + h + " positions at this size)"));
      }
      layers.put(layer, new Layer(GraphConstants.of(manager, values, new Shape(1, (long) w * h)), mass, h, w));
    }
    return new StyleMask(layers);
  }

  Layer layer(String name) {
    Layer layer = layers.get(name);
    if (layer == null) {
      throw new IllegalArgumentException("no mask for layer " + name + "; have " + layers.keySet());
    }
    return layer;
  }

  /** Luma (BT.601) in [0,1]: a mask may be saved in colour; only its brightness counts. */
  static float[] gray(BufferedImage image) {
    int width = image.getWidth();
    int height = image.getHeight();
    int[] rgb = image.getRGB(0, 0, width, height, null, 0, width);
    float[] gray = new float[rgb.length];
    for (int i = 0; i < rgb.length; i++) {
      int p = rgb[i];
      double y = YCbCr.y((p >> 16) & 0xff, (p >> 8) & 0xff, p & 0xff) / 255.0;
      gray[i] = (float) Math.min(1, Math.max(0, y));
    }
    return gray;
  }

  /** The mean of each 2×2 block, row-major; an odd last row or column is dropped, as 2×2 pooling drops it. */
  static float[] halved(float[] values, int width, int height) {
    int w = width / 2;
    int h = height / 2;
    float[] halved = new float[w * h];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int i = 2 * y * width + 2 * x;
        halved[y * w + x] = (values[i] + values[i + 1] + values[i + width] + values[i + width + 1]) / 4;
      }
    }
    return halved;
  }
}
