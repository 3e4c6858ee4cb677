package dev.restyle.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.VggLayer;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The iteration's FLOP count against the issue's figures and a hand count. */
class FlopCountTest {

  private static final List<VggLayer> TO_RELU5_1 = Vgg19Architecture.upTo(Vgg19Architecture.layer("relu5_1"));

  @Test
  void vgg19ToRelu5_1MatchesTheIssuesFigures() {
    // Issue 17: about 5.9 GFLOP at 64 px, 23.7 at 128, 94.7 at 256 and 379 at 512.
    assertThat(FlopCount.perIteration(TO_RELU5_1, 64, 64) / 1e9).isCloseTo(5.9, within(0.05));
    assertThat(FlopCount.perIteration(TO_RELU5_1, 128, 128) / 1e9).isCloseTo(23.7, within(0.05));
    assertThat(FlopCount.perIteration(TO_RELU5_1, 256, 256) / 1e9).isCloseTo(94.7, within(0.05));
    assertThat(FlopCount.perIteration(TO_RELU5_1, 512, 512) / 1e9).isCloseTo(378.7, within(0.1));
  }

  @Test
  void theCountIsTheLayersRunAndPoolingFloors() {
    List<VggLayer> block1 = Vgg19Architecture.upTo(Vgg19Architecture.layer("relu1_2"));
    // conv1_1 3→64 and conv1_2 64→64 at 10×6: 9·(3·64 + 64·64)·60 multiply-adds, 2 FLOP each, forward.
    assertThat(FlopCount.forward(block1, 10, 6)).isEqualTo(2.0 * 9 * (3 * 64 + 64 * 64) * 60);
    assertThat(FlopCount.perIteration(block1, 10, 6)).isEqualTo(2 * FlopCount.forward(block1, 10, 6));
    // conv2_1 runs at 5×3 after pool1 (floor of 11/2, 7/2), as at 10×6.
    List<VggLayer> toConv2_1 = Vgg19Architecture.upTo(Vgg19Architecture.layer("conv2_1"));
    assertThat(FlopCount.forward(toConv2_1, 11, 7) - FlopCount.forward(block1, 11, 7))
        .isEqualTo(2.0 * 9 * 64 * 128 * 15);
  }
}
