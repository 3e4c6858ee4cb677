package dev.restyle.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * VGG19's {@code features} as a DJL block, built only up to the deepest layer asked for.
 *
 * <p>Input: a 1×3×H×W image in pixel space [0,1] (normalization is inside). Output: the activation of
 * every convolution and ReLU, each named after its layer ({@code conv1_1}, {@code relu1_1}, …), so
 * callers pick taps with {@link NDList#get(String)}. Returning them all costs nothing: autograd keeps
 * them alive for the backward pass anyway.
 */
public final class Vgg19Features extends AbstractBlock {

  private static final Shape KERNEL = new Shape(3, 3);
  private static final Shape PADDING = new Shape(1, 1);
  private static final Shape STRIDE = new Shape(1, 1);
  private static final Shape DILATION = new Shape(1, 1);
  private static final Shape POOL_WINDOW = new Shape(2, 2);
  private static final Shape NO_PADDING = new Shape(0, 0);

  private final List<VggLayer> layers;
  private final Pooling pooling;
  private final ActivationLayout layout;
  // DJL prefixes child names with their position, so keep our own lookup by paper name.
  private final Map<String, Block> blocksByName = new LinkedHashMap<>();
  // The arrays the parameters hold, by convolution, so a pass looks nothing up (see taps).
  private final Map<String, NDArray> weights = new LinkedHashMap<>();
  private final Map<String, NDArray> biases = new LinkedHashMap<>();
  private InputNormalization normalization;

  public Vgg19Features(VggLayer deepest, Pooling pooling, ActivationLayout layout) {
    this.layers = Vgg19Architecture.upTo(deepest);
    this.pooling = pooling;
    this.layout = layout;
    for (VggLayer layer : layers) {
      blocksByName.put(layer.name(), addChildBlock(layer.name(), blockFor(layer)));
    }
  }

  public List<VggLayer> layers() {
    return layers;
  }

  public Pooling pooling() {
    return pooling;
  }

  public ActivationLayout layout() {
    return layout;
  }

  /**
   * Installs pretrained weights into one convolution; shapes were validated by the caller. The weight
   * takes this block's layout (a new array in weight's manager), so convolutions never convert it.
   */
  void setWeights(VggLayer conv, NDArray weight, NDArray bias) {
    Block block = blocksByName.get(conv.name());
    Parameter weightParameter = block.getParameters().get("weight");
    Parameter biasParameter = block.getParameters().get("bias");
    NDArray arranged = layout.arrange(weight);
    if (arranged != weight) {
      weight.close(); // the model keeps one copy of its weights, in its own layout
    }
    weightParameter.setArray(arranged);
    biasParameter.setArray(bias);
    weights.put(conv.name(), arranged);
    biases.put(conv.name(), bias);
  }

  /** Installs the default normalization, whose constants live as long as the weights. */
  void setNormalization(InputNormalization normalization) {
    this.normalization = normalization;
  }

  /**
   * The taps of a 1×3×H×W pixel-space image, in the image's manager.
   *
   * <p>The layers run as DJL's functional ops on the arrays this block holds, not through each child
   * block's {@code forward}: that per-child dispatch (a parameter-store lookup and list wrapping per
   * layer) cost about 1.5 ms per pass at 64 px, 3 % of an iteration (README, "Performance"). The child
   * blocks still own the parameters, so DJL's parameter bookkeeping is unchanged.
   */
  public NDList taps(NDArray image) {
    return taps(image, normalization);
  }

  /** The taps with the given input normalization (one of the model's, see {@link Vgg19#preprocessedAs}). */
  NDList taps(NDArray image, InputNormalization normalization) {
    requireNormalization(normalization);
    NDArray activation = layout.arrange(normalization.apply(image));
    NDList taps = new NDList(layers.size());
    for (VggLayer layer : layers) {
      activation = apply(layer, activation, weight(layer), bias(layer));
      if (layer.kind() != VggLayer.Kind.POOL) {
        activation.setName(layer.name());
        taps.add(activation);
      }
    }
    return taps;
  }

  /**
   * The taps named in {@code read}, float32, with the network run in bf16: the normalized input is cast to bf16
   * (before the layout change, which then moves half the bytes), every convolution runs on {@code weights}' bf16
   * copies, and only the activations in {@code read} are cast back. Casting every activation would cost a
   * float32 copy of all of them (about 600 MB at 512 px) that no loss reads. The list holds {@code read}'s layers
   * only, in network order.
   */
  NDList bf16Taps(NDArray image, InputNormalization normalization, Bf16Weights weights, Set<String> read) {
    requireNormalization(normalization);
    Bf16Casts casts = weights.casts();
    NDArray activation;
    try (NDArray normalized = normalization.apply(image)) {
      activation = layout.arrange(casts.toBf16(normalized));
    }
    NDList taps = new NDList(read.size());
    for (VggLayer layer : layers) {
      activation = apply(layer, activation, weights.weight(layer), weights.bias(layer));
      if (layer.kind() != VggLayer.Kind.POOL && read.contains(layer.name())) {
        NDArray tap = casts.toFloat32(activation);
        tap.setName(layer.name());
        taps.add(tap);
      }
    }
    return taps;
  }

  private static void requireNormalization(InputNormalization normalization) {
    if (normalization == null) {
      throw new IllegalStateException("VGG19 weights are loaded, never initialized: use Vgg19Loader");
    }
  }

  /** The float32 weight of a convolution, in this block's layout; null for other layers. */
  NDArray weight(VggLayer layer) {
    return weights.get(layer.name());
  }

  /** The float32 bias of a convolution; null for other layers. */
  NDArray bias(VggLayer layer) {
    return biases.get(layer.name());
  }

  private NDArray apply(VggLayer layer, NDArray input, NDArray weight, NDArray bias) {
    switch (layer.kind()) {
      case CONV:
        return Conv2d.conv2d(input, weight, bias, STRIDE, PADDING, DILATION, 1).singletonOrThrow();
      case RELU:
        return Activation.relu(input);
      default:
        return pooling == Pooling.MAX
            ? Pool.maxPool2d(input, POOL_WINDOW, POOL_WINDOW, NO_PADDING, false)
            : Pool.avgPool2d(input, POOL_WINDOW, POOL_WINDOW, NO_PADDING, false, true);
    }
  }

  @Override
  protected NDList forwardInternal(
      ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
    return taps(inputs.singletonOrThrow());
  }

  @Override
  public Shape[] getOutputShapes(Shape[] inputShapes) {
    long height = inputShapes[0].get(2);
    long width = inputShapes[0].get(3);
    Shape[] shapes = new Shape[(int) layers.stream().filter(l -> l.kind() != VggLayer.Kind.POOL).count()];
    int i = 0;
    for (VggLayer layer : layers) {
      if (layer.kind() == VggLayer.Kind.POOL) {
        height /= 2;
        width /= 2;
      } else {
        shapes[i++] = new Shape(1, layer.outChannels(), height, width);
      }
    }
    return shapes;
  }

  @Override
  protected void initializeChildBlocks(
      ai.djl.ndarray.NDManager manager, DataType dataType, Shape... inputShapes) {
    throw new UnsupportedOperationException("VGG19 weights are loaded, never initialized: use Vgg19Loader");
  }

  private Block blockFor(VggLayer layer) {
    switch (layer.kind()) {
      case CONV:
        return Conv2d.builder()
            .setKernelShape(KERNEL)
            .optPadding(PADDING)
            .setFilters(layer.outChannels())
            .build();
      case RELU:
        return Activation.reluBlock();
      default:
        return pooling == Pooling.MAX
            ? Pool.maxPool2dBlock(POOL_WINDOW, POOL_WINDOW, NO_PADDING)
            : Pool.avgPool2dBlock(POOL_WINDOW, POOL_WINDOW, NO_PADDING);
    }
  }
}
