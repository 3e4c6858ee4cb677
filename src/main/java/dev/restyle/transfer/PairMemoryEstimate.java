package dev.restyle.transfer;

import dev.restyle.params.OptimizerSettings;
import dev.restyle.params.StyleParams;
import java.util.List;
import java.util.Locale;

/**
 * About how much native memory one pair needs, from its parameters alone (before anything is read), so a
 * pair that cannot fit is refused instead of killing its executor. An upper bound in shape: the output is
 * taken as square ({@code size × size}), since its aspect is only known once the content is decoded.
 *
 * <ul>
 *   <li>The network's activations and their gradients: {@value #NETWORK_BYTES_PER_PIXEL} bytes per pixel
 *       the network sees at once (the output, or one tile with its overlap; or the style image, when it is
 *       larger). Measured: a 1024×768 untiled Adam pair peaks 2,420 MiB above 256 px tiles of the same
 *       output (README, "Seamless tiling"), 3.6 KB per pixel.
 *   <li>The pixels' optimizer state, float32 RGB (12 bytes a pixel) per whole-image vector: the image and
 *       its gradient, plus Adam's two moments, or L-BFGS's 2 × history (s, y) pairs and its direction and
 *       previous gradient. At 8192 px with 100 pairs of history that alone is 161 GB.
 *   <li>The runtime and the model: {@value #BASE_BYTES} bytes.
 * </ul>
 */
public final class PairMemoryEstimate {

  static final long NETWORK_BYTES_PER_PIXEL = 3_600;
  static final long BASE_BYTES = 512L << 20;
  private static final long VECTOR_BYTES_PER_PIXEL = 3 * Float.BYTES;

  private final long networkBytes;
  private final long stateBytes;
  private final String stateDescription;

  private PairMemoryEstimate(long networkBytes, long stateBytes, String stateDescription) {
    this.networkBytes = networkBytes;
    this.stateBytes = stateBytes;
    this.stateDescription = stateDescription;
  }

  public static PairMemoryEstimate of(StyleParams params) {
    long size = params.size();
    long pixels = size * size;
    long styleSide = Math.round(size * params.styleScale());
    // Tiled, the style's Gram targets are computed in windows of the tile's size too.
    long networkPixels = params.tiling().enabled()
        ? square(Math.min(Math.max(size, styleSide), params.tiling().tile() + 2L * params.tiling().overlap()))
        : Math.max(square(size), square(styleSide));
    long vectors;
    String state;
    if (params.optimizer() instanceof OptimizerSettings.Lbfgs lbfgs) {
      vectors = 2L * lbfgs.historySize() + 4;
      state = String.format(Locale.ROOT, "L-BFGS history 2 × %d at %d×%d px", lbfgs.historySize(), size, size);
    } else {
      vectors = 4;
      state = String.format(Locale.ROOT, "Adam state at %d×%d px", size, size);
    }
    if (params.averageDecay() > 0) {
      vectors++; // the moving average of the iterates
    }
    return new PairMemoryEstimate(NETWORK_BYTES_PER_PIXEL * networkPixels, VECTOR_BYTES_PER_PIXEL * pixels * vectors,
        state);
  }

  private static long square(long side) {
    return side * side;
  }

  public long bytes() {
    return BASE_BYTES + ownBytes();
  }

  /** What pairs optimized together in one batch need: the runtime and the model once, the rest per pair. */
  public static long batchBytes(List<StyleParams> pairs) {
    return BASE_BYTES + pairs.stream().mapToLong(pair -> of(pair).ownBytes()).sum();
  }

  private long ownBytes() {
    return networkBytes + stateBytes;
  }

  /** "about 161.1 GiB (network 225.0 GiB, L-BFGS history 2 × 100 at 8192×8192 px 161.1 GiB)". */
  public String describe() {
    return String.format(Locale.ROOT, "about %s (network %s, %s %s)", gib(bytes()), gib(networkBytes),
        stateDescription, gib(stateBytes));
  }

  public static String gib(long bytes) {
    return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
  }
}
