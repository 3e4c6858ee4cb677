package dev.restyle.bench;

import dev.restyle.model.VggLayer;
import java.util.List;

/**
 * The arithmetic of one style-transfer iteration, counted from the layers the network actually runs: a forward
 * pass through every convolution up to the deepest layer, and the pass that carries the gradient back to the
 * input image (the weights are frozen, so there is no weight-gradient pass). Each 3×3 convolution costs
 * 9·C_in·C_out·H·W multiply-adds forward, and as many for its input gradient; a multiply-add is 2 FLOP, as
 * GFLOP/s figures count it. ReLU, pooling, the Gram matrices and the losses are left out, as the issue's
 * count leaves them: the Gram products (C²·H·W multiply-adds per style layer, and as many in their backward)
 * add about 18 GFLOP at 512 px, 4.8 % of the convolutions' 379, and their time shows in {@link IterationSplit}'s
 * loss/Gram column.
 *
 * <p>VGG19 to relu5_1: 5.9 GFLOP per iteration at 64 px, 23.7 at 128, 94.7 at 256, 379 at 512.
 */
final class FlopCount {

  private FlopCount() {}

  /** FLOP of the forward pass of {@code layers} (network order) on a {@code height × width} input. */
  static double forward(List<VggLayer> layers, int height, int width) {
    double flop = 0;
    long h = height;
    long w = width;
    for (VggLayer layer : layers) {
      switch (layer.kind()) {
        case CONV -> flop += 2.0 * 9 * layer.inChannels() * layer.outChannels() * h * w;
        case POOL -> {
          h /= 2; // 2×2 pooling with stride 2 and no padding floors, as PyTorch's does
          w /= 2;
        }
        default -> { }
      }
    }
    return flop;
  }

  /** FLOP of one iteration: the forward pass and the input-gradient pass, which costs the same per layer. */
  static double perIteration(List<VggLayer> layers, int height, int width) {
    return 2 * forward(layers, height, width);
  }
}
