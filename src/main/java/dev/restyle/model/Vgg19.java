package dev.restyle.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.weights.InvalidWeightsException;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private final LowPrecision lowPrecision;
  /** The layers a bf16 view returns, float32; null for the float32 network. */
  private final Set<String> bf16Taps;

  private static final Logger LOG = LoggerFactory.getLogger(Vgg19.class);
  /** Each reason for running fp32 instead of bf16 is said once per JVM, not once per pair. */
  private static final Set<String> FALLBACKS_SAID = ConcurrentHashMap.newKeySet();

  /** The two input normalizations, made once with the weights, and whether the file has the Caffe layout. */
  record Normalizations(InputNormalization torchvision, InputNormalization caffe, String notCaffe) {}

  Vgg19(Vgg19Features block, NDManager weightsManager, String weightsId, Normalizations normalizations) {
    this(block, weightsManager, weightsId, normalizations, Preprocessing.TORCHVISION, true,
        new LowPrecision(block, weightsManager), null);
  }

  private Vgg19(Vgg19Features block, NDManager weightsManager, String weightsId, Normalizations normalizations,
      Preprocessing preprocessing, boolean ownsWeights, LowPrecision lowPrecision, Set<String> bf16Taps) {
    this.block = block;
    this.weightsManager = weightsManager;
    this.weightsId = weightsId;
    this.normalizations = normalizations;
    this.preprocessing = preprocessing;
    this.ownsWeights = ownsWeights;
    this.lowPrecision = lowPrecision;
    this.bf16Taps = bf16Taps;
  }

  /**
   * The model's bf16 weights, made on first use and shared by every view: a model that never runs bf16 never
   * holds them. Whether the device can run bf16 natively is decided once too.
   */
  private static final class LowPrecision {
    private final Vgg19Features block;
    private final NDManager manager;
    private Optional<String> problem;
    private Bf16Weights weights;

    LowPrecision(Vgg19Features block, NDManager manager) {
      this.block = block;
      this.manager = manager;
    }

    synchronized Optional<String> problem() {
      if (problem == null) {
        problem = Bf16Support.problemOn(manager.getDevice());
      }
      return problem;
    }

    synchronized Bf16Weights weights() {
      if (weights == null) {
        weights = Bf16Weights.of(block, manager);
      }
      return weights;
    }
  }

  /**
   * The named activations of a 1×3×H×W pixel-space image. Results belong to the image's manager, so
   * they die with the caller's scope, never with the model.
   */
  public NDList features(NDArray image) {
    InputNormalization normalization = preprocessing == Preprocessing.CAFFE ? normalizations.caffe()
        : normalizations.torchvision();
    if (bf16Taps != null) {
      return block.bf16Taps(image, normalization, lowPrecision.weights(), bf16Taps);
    }
    return block.taps(image, normalization);
  }

  /**
   * This model with its convolutions in {@code wanted} precision: the same float32 weights, shared, and for bf16
   * a bf16 copy of them, made once per loaded model. A bf16 view's {@link #features} returns only the layers in
   * {@code layersRead} (the ones the losses read), as float32, differentiable back to the float32 image.
   *
   * <p>Where the device has no native bf16 ({@link Bf16Support}), bf16 would be slower than fp32: the view is
   * this float32 model, and the log says so once per JVM.
   */
  public Vgg19 inPrecision(Precision wanted, Collection<String> layersRead) {
    return inPrecision(wanted, layersRead, wanted == Precision.BF16 ? lowPrecision.problem() : Optional.empty());
  }

  /** As {@link #inPrecision(Precision, Collection)}, with why this device cannot run bf16, if it cannot. */
  Vgg19 inPrecision(Precision wanted, Collection<String> layersRead, Optional<String> problem) {
    if (wanted == Precision.FP32) {
      return bf16Taps == null ? this
          : new Vgg19(block, weightsManager, weightsId, normalizations, preprocessing, false, lowPrecision, null);
    }
    if (problem.isPresent()) {
      sayFallbackOnce(problem.get());
      return inPrecision(Precision.FP32, layersRead, Optional.empty());
    }
    Set<String> taps = Set.copyOf(layersRead);
    for (String layer : taps) {
      if (block.layers().stream().noneMatch(l -> l.name().equals(layer))) {
        throw new IllegalArgumentException(layer + " is not a layer of this VGG19 (up to " + deepest().name() + ")");
      }
    }
    return taps.equals(bf16Taps) ? this
        : new Vgg19(block, weightsManager, weightsId, normalizations, preprocessing, false, lowPrecision, taps);
  }

  /** Logs that bf16 falls back to fp32 for this reason, the first time in this JVM; whether it logged now. */
  static boolean sayFallbackOnce(String problem) {
    if (!FALLBACKS_SAID.add(problem)) {
      return false;
    }
    LOG.warn("precision bf16 asked for, but {}: running fp32 instead", problem);
    return true;
  }

  /** FP32, or BF16 for a view whose convolutions run in bf16 (after any fallback to fp32). */
  public Precision precision() {
    return bf16Taps == null ? Precision.FP32 : Precision.BF16;
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
    return new Vgg19(block, weightsManager, weightsId, normalizations, resolved, false, lowPrecision, bf16Taps);
  }

  /** TORCHVISION or CAFFE: how {@link #features} preprocesses the pixels. */
  public Preprocessing preprocessing() {
    return preprocessing;
  }

  /**
   * What the activations depend on: the weights, the preprocessing and the precision (a key for cached style
   * targets; bf16 targets differ from fp32's by bf16's rounding).
   */
  public String featuresId() {
    String id = preprocessing == Preprocessing.CAFFE ? weightsId + "|caffe" : weightsId;
    return bf16Taps == null ? id : id + "|bf16";
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
