package dev.restyle.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.weights.InvalidWeightsException;

/**
 * A loaded VGG19, up to some depth, on one device. Its weights live in its own manager and are shared,
 * read-only, by every pair optimized with it; concurrent {@link #features} calls are safe.
 */
public final class Vgg19 implements AutoCloseable {

  private final Vgg19Features block;
  private final NDManager weightsManager;
  private final String weightsId;
  private final Normalizations normalizations;
  private final Preprocessing preprocessing;
  private final boolean ownsWeights;

  /** The two input normalizations, made once with the weights, and whether the file has the Caffe layout. */
  record Normalizations(InputNormalization torchvision, InputNormalization caffe, String notCaffe) {}

  Vgg19(Vgg19Features block, NDManager weightsManager, String weightsId, Normalizations normalizations) {
    this(block, weightsManager, weightsId, normalizations, Preprocessing.TORCHVISION, true);
  }

  private Vgg19(Vgg19Features block, NDManager weightsManager, String weightsId, Normalizations normalizations,
      Preprocessing preprocessing, boolean ownsWeights) {
    this.block = block;
    this.weightsManager = weightsManager;
    this.weightsId = weightsId;
    this.normalizations = normalizations;
    this.preprocessing = preprocessing;
    this.ownsWeights = ownsWeights;
  }

  /**
   * The named activations of a 1×3×H×W pixel-space image. Results belong to the image's manager, so
   * they die with the caller's scope, never with the model.
   */
  public NDList features(NDArray image) {
    return block.taps(image, preprocessing == Preprocessing.CAFFE ? normalizations.caffe()
        : normalizations.torchvision());
  }

  /**
   * This model with another input preprocessing ({@code auto} resolved by these weights' identity): the same
   * weights, shared, so a view costs nothing and closing it frees nothing. A loaded model starts as torchvision.
   *
   * @throws InvalidWeightsException for caffe when the file is not in the Caffe
   *     VGG19's key layout
   */
  public Vgg19 preprocessedAs(Preprocessing wanted) {
    Preprocessing resolved = wanted.resolve(weightsId);
    if (resolved == preprocessing) {
      return this;
    }
    if (resolved == Preprocessing.CAFFE && normalizations.notCaffe() != null) {
      throw new InvalidWeightsException(normalizations.notCaffe());
    }
    return new Vgg19(block, weightsManager, weightsId, normalizations, resolved, false);
  }

  /** TORCHVISION or CAFFE: how {@link #features} preprocesses the pixels. */
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /** What the activations depend on: the weights and the preprocessing (a key for cached style targets). */
  public String featuresId() {
    return preprocessing == Preprocessing.CAFFE ? weightsId + "|caffe" : weightsId;
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
    if (ownsWeights) {
      weightsManager.close();
    }
  }
}
