package dev.restyle.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Differentiable casts between float32 and bfloat16, through a two-line TorchScript module
 * ({@code bf16_casts.pt}, made by {@code src/main/torchscript/make_bf16_casts.py}).
 *
 * <p>Why not {@code NDArray.toType}: in DJL 0.35.1's PyTorch engine it cannot make bf16 at all (the native dtype
 * table, {@code GetScalarTypeFromDType}, knows codes 0–8, float32 to complex64; {@code DataType.BFLOAT16} is
 * code 11 and hits a bare {@code throw;}, which aborts the JVM), and it runs under a {@code NoGradGuard}, so even
 * a float16 cast cuts the graph (backward fails with "does not require grad"). The module runner with training on
 * runs the scripted {@code x.to(dtype)} under the thread's own grad mode, so autograd records the cast. DJL sees
 * the bf16 results as {@code DataType.UNKNOWN} (its reverse table has no bf16 either), so they must only meet
 * ops that take no dtype from Java: convolution, ReLU, pooling, transpose, reshape and these casts.
 *
 * <p>The module has no tensors and no state; concurrent calls are safe (TorchScript methods are).
 */
public final class Bf16Casts implements AutoCloseable {

  private static final String RESOURCE = "bf16_casts.pt";

  private final PtSymbolBlock module;

  private Bf16Casts(PtSymbolBlock module) {
    this.module = module;
  }

  /** The module, loaded for {@code manager}'s device (a PyTorch manager); it lives until {@link #close} or the manager's end. */
  public static Bf16Casts load(NDManager manager) {
    try (InputStream in = Bf16Casts.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException(RESOURCE + " is missing from the class path (src/main/resources)");
      }
      return new Bf16Casts(JniUtils.loadModule((PtNDManager) manager, in, true, false));
    } catch (IOException e) {
      throw new UncheckedIOException("could not load " + RESOURCE, e);
    }
  }

  /** A float32 array as bf16, in its manager; differentiable when grad mode is on. */
  public NDArray toBf16(NDArray float32) {
    return run(float32);
  }

  /** A bf16 array (DJL's UNKNOWN) as float32, in its manager; differentiable when grad mode is on. */
  public NDArray toFloat32(NDArray bf16) {
    return run(bf16);
  }

  private NDArray run(NDArray x) {
    // training = true: no InferenceMode guard, so the cast joins the graph whenever grad mode is on
    return IValueUtils.forward(module, new NDList(x), true).singletonOrThrow();
  }

  @Override
  public void close() {
    module.close();
  }
}
