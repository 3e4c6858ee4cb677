package dev.restyle.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/**
 * Maps pixel-space images in [0,1] to the inputs torchvision's VGG19 was trained on. It is part of the
 * graph, so the optimizer works on pixels and gradients flow through the normalization.
 */
final class ImageNetNormalization {

  private static final float[] MEAN = {0.485f, 0.456f, 0.406f};
  private static final float[] STD = {0.229f, 0.224f, 0.225f};
  private static final Shape PER_CHANNEL = new Shape(1, 3, 1, 1);

  private ImageNetNormalization() {}

  static NDArray apply(NDArray pixels) {
    // Constants come from the image's own manager, so they die with the caller's scope.
    NDManager manager = pixels.getManager();
    try (NDArray mean = GraphConstants.of(manager, MEAN, PER_CHANNEL);
        NDArray std = GraphConstants.of(manager, STD, PER_CHANNEL);
        NDArray centred = pixels.sub(mean)) {
      return centred.div(std);
    }
  }
}
