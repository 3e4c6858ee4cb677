package dev.restyle.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Maps pixel-space images in [0,1] to the inputs torchvision's VGG19 was trained on
 * ({@link Preprocessing#TORCHVISION}). It is part of the
 * graph, so the optimizer works on pixels and gradients flow through the normalization.
 *
 * <p>The mean and standard deviation are made once per model, in the model's manager, not once per
 * forward pass: they are read-only, so concurrent passes can share them, and the graph keeps its own
 * references to them (they are PyTorch-owned, see {@link GraphConstants}).
 */
final class ImageNetNormalization implements InputNormalization {

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};
  private static final Shape PER_CHANNEL = new Shape(1, 3, 1, 1);

  private final NDArray mean;
  private final NDArray std;

  private ImageNetNormalization(NDArray mean, NDArray std) {
    this.mean = mean;
    this.std = std;
  }

  /** Constants owned by {@code manager}, which must outlive every pass that uses them. */
  static ImageNetNormalization in(NDManager manager) {
    return new ImageNetNormalization(GraphConstants.of(manager, MEAN, PER_CHANNEL),
        GraphConstants.of(manager, STD, PER_CHANNEL));
  }

  /** {@code (pixels - mean) / std}, in the pixels' manager. */
  @Override
  public NDArray apply(NDArray pixels) {
    try (NDArray centred = pixels.sub(mean)) {
      return centred.div(std);
    }
  }
}
