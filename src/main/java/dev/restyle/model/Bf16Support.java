package dev.restyle.model;

import ai.djl.Device;
import ai.djl.util.cuda.CudaUtils;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether a device runs bf16 convolutions natively, so that bf16 is faster than fp32 there, not slower.
 *
 * <p>Decided from the hardware, never from a timing, so a pair's precision is the same on every run: on a CPU,
 * oneDNN has bf16 kernels for AVX-512 BF16 ({@code avx512_bf16}) and AMX ({@code amx_bf16}); without either it
 * converts to fp32 and back around fp32 arithmetic, which is slower than fp32 alone. On a GPU, bf16 tensor cores
 * start with compute capability 8.0 (Ampere); before it bf16 is emulated.
 */
public final class Bf16Support {

  private static final Set<String> CPU_FLAGS = Set.of("avx512_bf16", "amx_bf16");
  private static final int AMPERE = 80;

  private Bf16Support() {}

  /** Why {@code device} cannot run bf16 convolutions natively, or empty when it can. */
  public static Optional<String> problemOn(Device device) {
    if (device.isGpu()) {
      String capability = CudaUtils.getComputeCapability(device.getDeviceId());
      return problemForComputeCapability(capability);
    }
    return problemForCpuFlags(cpuFlags());
  }

  /** @param capability CUDA compute capability as DJL reports it, e.g. {@code 86} */
  static Optional<String> problemForComputeCapability(String capability) {
    try {
      if (Integer.parseInt(capability.strip()) >= AMPERE) {
        return Optional.empty();
      }
    } catch (NumberFormatException e) {
      // reported below with the text
    }
    return Optional.of("the GPU's compute capability is " + capability + ", and bf16 tensor cores need 8.0 or above");
  }

  /** @param flags the CPU's feature flags, as the {@code flags} line of /proc/cpuinfo lists them */
  static Optional<String> problemForCpuFlags(Set<String> flags) {
    if (flags.stream().anyMatch(CPU_FLAGS::contains)) {
      return Optional.empty();
    }
    return Optional.of(flags.isEmpty() ? "this CPU's features could not be read (no /proc/cpuinfo)"
        : "this CPU has no native bf16 (neither avx512_bf16 nor amx_bf16 in /proc/cpuinfo), so bf16 would be slower");
  }

  /** The first {@code flags} line of /proc/cpuinfo (Linux; every core lists the same), or none elsewhere. */
  static Set<String> cpuFlags() {
    try {
      return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(line -> line.startsWith("flags"))
          .findFirst()
          .map(line -> Arrays.stream(line.substring(line.indexOf(':') + 1).strip().split("\\s+"))
              .collect(Collectors.toSet()))
          .orElse(Set.of());
    } catch (IOException | RuntimeException e) {
      return Set.of();
    }
  }
}
