package dev.restyle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.testing.SeededModel;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Where bf16 is not native, {@code inPrecision(BF16)} is the fp32 model, and the run says why once, not once per
 * pair. Runs on any machine: the device's answer is given, not read.
 */
class Bf16FallbackTest {

  @RegisterExtension
  static final SeededModel seeded = new SeededModel(0, "relu2_1");

  @Test
  void withoutNativeBf16TheViewIsTheFp32Model() {
    Vgg19 fp32 = seeded.model();
    Vgg19 asked = fp32.inPrecision(Precision.BF16, List.of("relu1_1"), Optional.of("no bf16 on this test device"));
    assertThat(asked.precision()).isEqualTo(Precision.FP32);
    assertThat(asked).isSameAs(fp32);
    try (NDManager scope = NDManager.newBaseManager()) {
      NDList taps = asked.features(scope.ones(new Shape(1, 3, 16, 16)));
      assertThat(taps.stream().map(a -> a.getName())).contains("conv1_1", "relu1_1", "relu2_1"); // every tap, fp32's
    }
  }

  @Test
  void theFallbackIsSaidOncePerReason() {
    assertThat(Vgg19.sayFallbackOnce("a reason only this test gives")).isTrue();
    assertThat(Vgg19.sayFallbackOnce("a reason only this test gives")).isFalse();
    assertThat(Vgg19.sayFallbackOnce("another reason only this test gives")).isTrue();
  }

  @Test
  void aBf16ViewNamesOnlyLayersTheModelHas() {
    assertThatThrownBy(() -> seeded.model().inPrecision(Precision.BF16, List.of("relu5_1"), Optional.empty()))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("relu5_1");
  }

  @Test
  void fp32IsAlwaysTheModelItself() {
    assertThat(seeded.model().inPrecision(Precision.FP32, List.of("relu1_1"))).isSameAs(seeded.model());
  }
}
