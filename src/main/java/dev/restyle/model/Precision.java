package dev.restyle.model;

import java.util.Locale;

/**
 * The number format VGG19's convolutions run in. The image, the Gram matrices, the losses and the optimizer's
 * state are float32 in both; only the network (its weights, its input and its activations) changes.
 */
public enum Precision {
  /** float32 everywhere, as Restyle always ran. */
  FP32,
  /**
   * bfloat16 convolutions (float32's range, 8 bits of mantissa) with float32 accumulation, on CPUs with native
   * bf16 instructions (AVX-512 BF16, AMX) and on GPUs with bf16 tensor cores; the activations the losses read are
   * cast back to float32.
   */
  BF16;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
