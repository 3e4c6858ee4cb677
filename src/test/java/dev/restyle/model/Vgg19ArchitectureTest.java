package dev.restyle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class Vgg19ArchitectureTest {

  @Test
  void namesFollowThePaperAndIndicesFollowTorchvision() {
    List<String> names = Vgg19Architecture.layers().stream().map(VggLayer::name).collect(Collectors.toList());
    assertThat(names).hasSize(37);
    assertThat(names.subList(0, 5)).containsExactly("conv1_1", "relu1_1", "conv1_2", "relu1_2", "pool1");
    assertThat(Vgg19Architecture.layer("conv1_1").index()).isZero();
    assertThat(Vgg19Architecture.layer("relu1_1").index()).isEqualTo(1);
    assertThat(Vgg19Architecture.layer("relu2_1").index()).isEqualTo(6);
    assertThat(Vgg19Architecture.layer("relu3_1").index()).isEqualTo(11);
    assertThat(Vgg19Architecture.layer("relu4_1").index()).isEqualTo(20);
    assertThat(Vgg19Architecture.layer("conv4_2").index()).isEqualTo(21);
    assertThat(Vgg19Architecture.layer("relu4_2").index()).isEqualTo(22);
    assertThat(Vgg19Architecture.layer("relu5_1").index()).isEqualTo(29);
    assertThat(Vgg19Architecture.layer("pool5").index()).isEqualTo(36);
  }

  @Test
  void convolutionsCarryTheirChannelCountsAndWeightKeys() {
    VggLayer conv31 = Vgg19Architecture.layer("conv3_1");
    assertThat(conv31.inChannels()).isEqualTo(128);
    assertThat(conv31.outChannels()).isEqualTo(256);
    assertThat(conv31.weightKey()).isEqualTo("features.10.weight");
    assertThat(conv31.biasKey()).isEqualTo("features.10.bias");
  }

  @Test
  void deepestOfTheDefaultTapsIsRelu51() {
    VggLayer deepest =
        Vgg19Architecture.deepest(List.of("relu4_2", "relu1_1", "relu5_1", "relu3_1"));
    assertThat(deepest.name()).isEqualTo("relu5_1");
    assertThat(Vgg19Architecture.upTo(deepest)).hasSize(30);
    assertThat(Vgg19Architecture.upTo(deepest).stream().map(VggLayer::name))
        .doesNotContain("conv5_2", "conv5_3", "conv5_4", "pool5");
  }

  @Test
  void unknownLayerNamesAreRejectedWithTheValidNames() {
    assertThatThrownBy(() -> Vgg19Architecture.layer("relu6_1"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("relu6_1")
        .hasMessageContaining("relu4_2");
  }
}
