package dev.restyle.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** When bf16 runs natively, and so when {@code --precision bf16} is honoured rather than turned into fp32. */
class Bf16SupportTest {

  @Test
  void aCpuWithAvx512Bf16OrAmxRunsBf16() {
    assertThat(Bf16Support.problemForCpuFlags(Set.of("avx512f", "avx512_bf16"))).isEmpty();
    assertThat(Bf16Support.problemForCpuFlags(Set.of("avx2", "amx_bf16", "amx_tile"))).isEmpty();
  }

  @Test
  void aCpuWithoutEitherFallsBackSayingWhy() {
    // AVX-512 alone, or AVX-512 FP16: oneDNN would convert bf16 to fp32 around fp32 arithmetic, slower than fp32.
    assertThat(Bf16Support.problemForCpuFlags(Set.of("avx2", "avx512f", "avx512_fp16")))
        .hasValueSatisfying(why -> assertThat(why).contains("avx512_bf16", "amx_bf16", "slower"));
    assertThat(Bf16Support.problemForCpuFlags(Set.of())).hasValueSatisfying(why -> assertThat(why).contains("cpuinfo"));
  }

  @Test
  void aGpuNeedsAmpereTensorCores() {
    assertThat(Bf16Support.problemForComputeCapability("80")).isEmpty();
    assertThat(Bf16Support.problemForComputeCapability("90")).isEmpty();
    assertThat(Bf16Support.problemForComputeCapability("75")).hasValueSatisfying(why -> assertThat(why).contains("75",
        "8.0"));
    assertThat(Bf16Support.problemForComputeCapability("unknown")).isPresent();
  }

  @Test
  void thisMachinesFlagsAreRead() {
    // Linux lists its CPU flags; the SSE2 baseline of every x86-64 CPU must be among them.
    if (System.getProperty("os.name").startsWith("Linux") && System.getProperty("os.arch").equals("amd64")) {
      assertThat(Bf16Support.cpuFlags()).contains("sse2");
    }
  }
}
