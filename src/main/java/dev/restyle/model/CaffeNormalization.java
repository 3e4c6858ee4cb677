package dev.restyle.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * The Caffe VGG19's input ({@link Preprocessing#CAFFE}): RGB to BGR, [0,1] to 0–255, minus the mean pixel
 * Caffe's VGG models were trained with, in BGR order. jcjohnson/neural-style and neural-style-pt scale by
 * 256 rather than 255 (0.4 % larger inputs); Restyle uses the 255 of the training data.
 *
 * <p>The scale and mean are one per-channel affine map, {@code 255·x − mean}, made once per model in the
 * model's manager (see {@link GraphConstants} for why they are PyTorch-owned).
 */
final class CaffeNormalization implements InputNormalization {

  /** B, G, R. */
  private static final float[] MEAN_BGR = {103.939f, 116.779f, 123.68f};
  private static final float SCALE = 255f;
  private static final Shape PER_CHANNEL = new Shape(1, 3, 1, 1);

  private final NDArray scale;
  private final NDArray mean;

  private CaffeNormalization(NDArray scale, NDArray mean) {
    this.scale = scale;
    this.mean = mean;
  }

  static CaffeNormalization in(NDManager manager) {
    return new CaffeNormalization(GraphConstants.of(manager, new float[] {SCALE, SCALE, SCALE}, PER_CHANNEL),
        GraphConstants.of(manager, MEAN_BGR, PER_CHANNEL));
  }

  @Override
  public NDArray apply(NDArray pixels) {
    try (NDArray bgr = pixels.flip(1); NDArray scaled = bgr.mul(scale)) {
      return scaled.sub(mean);
    }
  }
}
