package dev.restyle.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import java.util.Locale;

/**
 * How VGG19's 4-D tensors (activations and convolution weights) are laid out in memory. The logical
 * shape is always N×C×H×W; only the strides differ, so nothing outside the model needs to know.
 *
 * <p>Why: on the CPU, PyTorch runs convolutions with oneDNN. With the default (contiguous NCHW) layout
 * every convolution reorders its input, its weights and its result into oneDNN's blocked layouts and
 * back, in the forward and in the backward pass; with channels-last (NHWC) strides oneDNN works on the
 * tensors as they are. Measured with libtorch 2.7.1 on a 2-core x86_64 machine, per style-transfer
 * iteration: 5–6 % faster at 64 px, 12–15 % at 128 px, about 10 % at 256 px (README, "Performance"). On a GPU the trade-off depends on cuDNN and the precision, and it has not been
 * measured here, so GPUs keep PyTorch's default layout.
 */
public enum ActivationLayout {
  /** PyTorch's default: contiguous N×C×H×W. */
  CONTIGUOUS,
  /** N×C×H×W with NHWC strides ({@code torch.channels_last}). */
  CHANNELS_LAST;

  /** Overrides the choice, for A/B measurements: {@code -Drestyle.activation_layout=contiguous}. */
  public static final String OVERRIDE_PROPERTY = "restyle.activation_layout";

  /** The layout this project measured to be fastest on {@code device}, unless overridden. */
  public static ActivationLayout preferredFor(Device device) {
    String override = System.getProperty(OVERRIDE_PROPERTY);
    if (override != null && !override.isBlank()) {
      return valueOf(override.strip().toUpperCase(Locale.ROOT));
    }
    return device.isGpu() ? CONTIGUOUS : CHANNELS_LAST;
  }

  /**
   * {@code nchw} with this layout's strides: a new array in {@code nchw}'s manager, or {@code nchw}
   * itself for {@link #CONTIGUOUS}. Differentiable, so it can sit inside the autograd graph.
   */
  public NDArray arrange(NDArray nchw) {
    if (this == CONTIGUOUS) {
      return nchw;
    }
    Shape shape = nchw.getShape();
    // DJL has no memory-format API: flattening the NHWC permutation copies it into NHWC order, and
    // permuting that view back gives logical NCHW with channels-last strides, which PyTorch detects.
    try (NDArray nhwcView = nchw.transpose(0, 2, 3, 1);
        NDArray packed = nhwcView.reshape(-1);
        NDArray nhwc = packed.reshape(shape.get(0), shape.get(2), shape.get(3), shape.get(1))) {
      return nhwc.transpose(0, 3, 1, 2);
    }
  }
}
