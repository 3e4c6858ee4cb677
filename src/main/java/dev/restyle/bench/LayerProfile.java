package dev.restyle.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import dev.restyle.model.ActivationLayout;
import dev.restyle.model.Autograd;
import dev.restyle.model.Bf16Casts;
import dev.restyle.model.Precision;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.VggLayer;
import java.io.PrintStream;
import java.util.List;

/**
 * {@code restyle bench --layer-profile SIZE}: every layer of VGG19 to relu5_1 alone, forward and backward (the
 * input gradient, from a random output gradient), best of a few repeats, in fp32 and bf16. It says where an
 * iteration's time goes that the convolution peak does not explain: which convolutions run below the peak (the
 * first layer's 3 input channels, the large-H·W blocks), and what ReLU and pooling cost, which is memory traffic
 * over the activations and no arithmetic at all.
 */
final class LayerProfile {

  private static final Shape ONE = new Shape(1, 1);
  private static final Shape WINDOW = new Shape(2, 2);
  private static final int REPEATS = 3;

  private LayerProfile() {}

  static void print(NDManager manager, int size, ActivationLayout layout, List<Precision> precisions,
      PrintStream out) {
    Autograd.withGradMode(true, () -> {
      try (NDManager scope = manager.newSubManager()) {
        Bf16Casts casts = precisions.contains(Precision.BF16) ? Bf16Casts.load(scope) : null;
        for (Precision precision : precisions) {
          profile(scope, size, layout, precision, casts, out);
        }
      }
      return null;
    });
  }

  private static void profile(NDManager manager, int size, ActivationLayout layout, Precision precision,
      Bf16Casts casts, PrintStream out) {
    ConvolutionPeak peak = ConvolutionPeak.measure(manager, precision, layout, casts);
    out.printf("layer profile, %s at %d px (best of %d; backward = input gradient only; peak measured just before:"
        + " %.0f GFLOP/s, %s):%n", precision.id(), size, REPEATS, peak.gflops(), peak.shape());
    String format = "  %-8s %11s %7s %9s %9s %9s %9s %9s %9s%n";
    out.printf(format, "layer", "channels", "side", "fwd ms", "bwd ms", "fwd GF/s", "bwd GF/s", "fwd/peak",
        "bwd/peak");
    double[] conv = new double[2];
    double[] elementwise = new double[2];
    long side = size;
    for (VggLayer layer : Vgg19Architecture.upTo(Vgg19Architecture.layer("relu5_1"))) {
      Shape input = new Shape(1, layer.inChannels(), side, side);
      double[] ms;
      switch (layer.kind()) {
        case CONV -> {
          NDArray weight = layout.arrange(manager.randomNormal(0, 0.02f,
              new Shape(layer.outChannels(), layer.inChannels(), 3, 3), DataType.FLOAT32));
          NDArray bias = manager.zeros(new Shape(layer.outChannels()));
          NDArray w = precision == Precision.BF16 ? casts.toBf16(weight) : weight;
          NDArray b = precision == Precision.BF16 ? casts.toBf16(bias) : bias;
          ms = time(manager, input, layout, precision, casts,
              x -> Conv2d.conv2d(x, w, b, ONE, ONE, ONE, 1).singletonOrThrow());
          double flop = 2.0 * 9 * layer.inChannels() * layer.outChannels() * side * side;
          out.printf(format, layer.name(), layer.inChannels() + "→" + layer.outChannels(), side,
              String.format("%.1f", ms[0]), String.format("%.1f", ms[1]), String.format("%.0f", flop / ms[0] / 1e6),
              String.format("%.0f", flop / ms[1] / 1e6), String.format("%.2f", flop / ms[0] / 1e6 / peak.gflops()),
              String.format("%.2f", flop / ms[1] / 1e6 / peak.gflops()));
          conv[0] += ms[0];
          conv[1] += ms[1];
        }
        case RELU -> {
          ms = time(manager, input, layout, precision, casts, Activation::relu);
          elementwise[0] += ms[0];
          elementwise[1] += ms[1];
        }
        default -> {
          ms = time(manager, input, layout, precision, casts,
              x -> Pool.maxPool2d(x, WINDOW, WINDOW, new Shape(0, 0), false));
          elementwise[0] += ms[0];
          elementwise[1] += ms[1];
          side /= 2;
        }
      }
    }
    out.printf("  convolutions: forward %.1f ms, backward %.1f ms; ReLU and pooling: forward %.1f ms, backward %.1f"
        + " ms%n", conv[0], conv[1], elementwise[0], elementwise[1]);
  }

  private interface Layer {
    NDArray apply(NDArray x);
  }

  /** Best forward and backward ms of {@code layer} on a random input of {@code shape}, in fresh arrays each time. */
  private static double[] time(NDManager manager, Shape shape, ActivationLayout layout, Precision precision,
      Bf16Casts casts, Layer layer) {
    double forward = Double.MAX_VALUE;
    double backward = Double.MAX_VALUE;
    for (int r = 0; r < REPEATS; r++) {
      try (NDManager scope = manager.newSubManager()) {
        NDArray x = layout.arrange(scope.randomUniform(0, 1, shape));
        if (precision == Precision.BF16) {
          x = casts.toBf16(x);
        }
        x.setRequiresGradient(true);
        long start = System.nanoTime();
        NDArray y = layer.apply(x);
        long forwardEnd = System.nanoTime();
        NDArray seed = layout.arrange(scope.randomUniform(0, 1, y.getShape()));
        if (precision == Precision.BF16) {
          seed = casts.toBf16(seed);
        }
        long backwardStart = System.nanoTime();
        JniUtils.backward((PtNDArray) y, (PtNDArray) seed, false, false);
        long end = System.nanoTime();
        forward = Math.min(forward, (forwardEnd - start) / 1e6);
        backward = Math.min(backward, (end - backwardStart) / 1e6);
      }
    }
    return new double[] {forward, backward};
  }
}
