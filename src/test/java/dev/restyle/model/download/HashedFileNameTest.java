package dev.restyle.model.download;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class HashedFileNameTest {

  @Test
  void torchvisionNamesCarryTheirHashPrefix() {
    HashedFileName name = HashedFileName.parse("vgg19-dcbb9e9d.pth");

    assertThat(name.stem()).isEqualTo("vgg19");
    assertThat(name.hashPrefix()).isEqualTo("dcbb9e9d");
    assertThat(name.extension()).isEqualTo("pth");
    assertThat(name.matches("dcbb9e9d" + "0".repeat(56))).isTrue();
    assertThat(name.matches("DCBB9E9D" + "0".repeat(56))).isTrue();
    assertThat(name.matches("dcbb9e9e" + "0".repeat(56))).isFalse();
  }

  @Test
  void theHashIsTheLastDashedPartBeforeTheExtension() {
    HashedFileName name = HashedFileName.parse("vgg19_bn-c79401a0.pth");
    assertThat(name.stem()).isEqualTo("vgg19_bn");
    assertThat(name.hashPrefix()).isEqualTo("c79401a0");

    HashedFileName dashed = HashedFileName.parse("resnet-50-0676BA61.safetensors");
    assertThat(dashed.stem()).isEqualTo("resnet-50");
    assertThat(dashed.hashPrefix()).isEqualTo("0676ba61");
    assertThat(dashed.extension()).isEqualTo("safetensors");
  }

  @Test
  void namesWithoutEightHexDigitsAreRejected() {
    for (String bad : new String[] {"vgg19.pth", "vgg19-dcbb9e9.pth", "vgg19-dcbb9e9x.pth", "-dcbb9e9d.pth",
        "vgg19-dcbb9e9d", "vgg19-dcbb9e9d.pth.part"}) {
      assertThatThrownBy(() -> HashedFileName.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining(bad);
    }
  }
}
