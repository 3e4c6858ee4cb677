package dev.restyle.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * A loaded VGG19, up to some depth, on one device. Its weights live in its own manager and are shared,
 * read-only, by every pair optimized with it; concurrent {@link #features} calls are safe.
 */
public final class Vgg19 implements AutoCloseable {

  private final Vgg19Features block;
  private final NDManager weightsManager;
  private final String weightsId;

  Vgg19(Vgg19Features block, NDManager weightsManager, String weightsId) {
    this.block = block;
    this.weightsManager = weightsManager;
    this.weightsId = weightsId;
  }

  /**
   * The named activations of a 1×3×H×W pixel-space image. Results belong to the image's manager, so
   * they die with the caller's scope, never with the model.
   */
  public NDList features(NDArray image) {
    return block.taps(image);
  }

  public VggLayer deepest() {
    return block.layers().get(block.layers().size() - 1);
  }

  public Pooling pooling() {
    return block.pooling();
  }

  public Device device() {
    return weightsManager.getDevice();
  }

  /** Which weights these are: {@code sha256:<hex>} of the file, or a name such as {@code untrained:seed=0}. */
  public String weightsId() {
    return weightsId;
  }

  public Vgg19Features block() {
    return block;
  }

  @Override
  public void close() {
    weightsManager.close();
  }
}
