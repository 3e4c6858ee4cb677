package dev.restyle.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import dev.restyle.model.ActivationLayout;
import dev.restyle.model.Autograd;
import dev.restyle.model.Bf16Casts;
import dev.restyle.model.Precision;
import java.util.List;

/**
 * This machine's convolution peak: the best forward GFLOP/s of a few large 3×3 convolutions, measured through the
 * same libtorch, threads and layout (channels-last on the CPU) as the model, in the same run as the figures it is
 * compared with. The shapes are VGG19's own (batch 1, the channels of its blocks at sizes where oneDNN's kernels
 * are at their best), so the peak is what this library reaches on this network's work, not a vendor's number.
 *
 * @param gflops the best shape's GFLOP/s
 * @param shape that shape, as {@code C_in→C_out at H×W}
 */
record ConvolutionPeak(double gflops, String shape) {

  /** C_in, C_out, side. */
  private static final List<int[]> SHAPES = List.of(
      new int[] {128, 128, 128}, new int[] {256, 256, 64}, new int[] {256, 256, 128}, new int[] {512, 512, 64});
  private static final int REPEATS = 5;
  private static final Shape ONE = new Shape(1, 1);

  /**
   * @param layout the model's activation layout
   * @param casts bf16 casts, for {@link Precision#BF16}; null for fp32
   */
  static ConvolutionPeak measure(NDManager manager, Precision precision, ActivationLayout layout, Bf16Casts casts) {
    return Autograd.withGradMode(false, () -> {
      double best = 0;
      String bestShape = "";
      for (int[] s : SHAPES) {
        try (NDManager scope = manager.newSubManager()) {
          NDArray input = layout.arrange(scope.randomUniform(0, 1, new Shape(1, s[0], s[2], s[2])));
          NDArray weight = layout.arrange(scope.randomNormal(0, 0.02f, new Shape(s[1], s[0], 3, 3),
              ai.djl.ndarray.types.DataType.FLOAT32));
          NDArray bias = scope.zeros(new Shape(s[1]));
          if (precision == Precision.BF16) {
            input = casts.toBf16(input);
            weight = casts.toBf16(weight);
            bias = casts.toBf16(bias);
          }
          double flop = 2.0 * 9 * s[0] * s[1] * s[2] * s[2];
          for (int r = 0; r < REPEATS; r++) { // the first repeat also warms oneDNN's kernel cache
            long start = System.nanoTime();
            Conv2d.conv2d(input, weight, bias, ONE, ONE, ONE, 1).singletonOrThrow().close();
            double gflops = flop / (System.nanoTime() - start);
            if (gflops > best) {
              best = gflops;
              bestShape = s[0] + "→" + s[1] + " at " + s[2] + "×" + s[2];
            }
          }
        }
      }
      return new ConvolutionPeak(best, bestShape);
    });
  }
}
