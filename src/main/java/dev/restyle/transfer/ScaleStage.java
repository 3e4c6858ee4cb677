package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.image.ImageResizer;
import dev.restyle.image.ImageTensors;
import dev.restyle.image.LinearColorTransfer;
import dev.restyle.model.Vgg19;
import dev.restyle.params.InitImage;
import dev.restyle.params.PreserveColors;
import dev.restyle.params.StyleDistance;
import dev.restyle.params.StyleParams;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Everything one scale of one pair needs: the content image at that size, the style targets at
 * {@code style_scale} × that size (leased from the cache, blended when there are several styles) and the
 * objective (whole-image, or tiled when the image is larger than a tile). In luminance mode the network
 * sees luminance images only; in histogram mode, styles with the content's colour statistics. Closing it returns the leases and frees the scale's arrays.
 */
final class ScaleStage implements AutoCloseable {

  /**
   * A style image, with its name and what identifies it in the cache ({@code key}: its version, or the
   * digest of its bytes), decoded (and so read) only when a scale first needs its pixels: a pair whose
   * targets are all cached never fetches it. Its decoded mask and the mask's name are null when the style
   * applies everywhere.
   */
  static final class StyleSource {
    private final String name;
    private final String key;
    private final Supplier<BufferedImage> decode;
    private final BufferedImage mask;
    private final String maskName;
    private BufferedImage image;

    StyleSource(String name, String key, Supplier<BufferedImage> decode, BufferedImage mask, String maskName) {
      this.name = name;
      this.key = key;
      this.decode = decode;
      this.mask = mask;
      this.maskName = maskName;
    }

    StyleSource(String name, String key, Supplier<BufferedImage> decode) {
      this(name, key, decode, null, null);
    }

    /** An image already decoded. */
    StyleSource(String name, String key, BufferedImage image) {
      this(name, key, () -> image);
    }

    String name() {
      return name;
    }

    String key() {
      return key;
    }

    BufferedImage mask() {
      return mask;
    }

    String maskName() {
      return maskName;
    }

    BufferedImage image() {
      if (image == null) {
        image = decode.get();
      }
      return image;
    }
  }

  private final NDManager manager;
  private final List<StyleTargetCache.Lease> leases;
  private final BufferedImage content;
  private final float[] contentRgb;
  private final NDArray contentPixels;
  private final ImageObjective objective;
  private final boolean cacheHit;
  private final float[] initialStyle;
  private final StyleTargets targets;

  private ScaleStage(NDManager manager, List<StyleTargetCache.Lease> leases, BufferedImage content,
      float[] contentRgb, NDArray contentPixels, ImageObjective objective, boolean cacheHit, float[] initialStyle,
      StyleTargets targets) {
    this.manager = manager;
    this.leases = leases;
    this.content = content;
    this.contentRgb = contentRgb;
    this.contentPixels = contentPixels;
    this.objective = objective;
    this.cacheHit = cacheHit;
    this.initialStyle = initialStyle;
    this.targets = targets;
  }

  /**
   * @param size the longest side of this scale
   * @param blend normalized weights, one per style
   * @param tileRandom the pair's generator of tile offsets
   */
  static ScaleStage open(Vgg19 model, StyleTargetCache cache, StyleParams params, String contentName,
      BufferedImage contentSource, List<StyleSource> styles, double[] blend, int size, NDManager pair,
      SplittableRandom tileRandom, BatchSeat seat) {
    boolean luminance = params.preserveColors() == PreserveColors.LUMINANCE;
    StyleParams.Tiling tiling = params.tiling();
    List<String> styleLayers = params.losses().styleLayers();
    BufferedImage content = ImageResizer.forNetwork(contentSource, size, contentName);
    int width = content.getWidth();
    int height = content.getHeight();
    float[] contentRgb = ImageTensors.toChw(content);
    LuminanceTransfer.Stats contentStats = luminance ? LuminanceTransfer.Stats.of(contentRgb) : null;
    LinearColorTransfer.Stats contentColors = params.preserveColors() == PreserveColors.HISTOGRAM
        ? LinearColorTransfer.Stats.of(contentRgb) : null;
    int styleSize = (int) Math.max(1, Math.round(size * params.styleScale()));

    NDManager manager = pair.newSubManager();
    List<StyleTargetCache.Lease> leases = new ArrayList<>();
    try {
      NDArray contentPixels = ImageTensors.toTensor(
          luminance ? LuminanceTransfer.grayscale(contentRgb) : contentRgb, width, height, manager);
      boolean hit = true;
      float[] initialStyle = null;
      int heaviest = heaviest(blend);
      for (int i = 0; i < styles.size(); i++) {
        StyleSource style = styles.get(i);
        // The matched luminance and colours depend on the content's statistics, and targets computed in windows
        // equal whole-image ones only up to float summation order: all are part of the key, so a result never
        // depends on which pair happened to fill the cache. The resized style's longest side is styleSize,
        // so the key is known before the style is read.
        boolean windowed = tiling.enabled() && styleSize > tiling.tile();
        String identity = style.key()
            + (luminance ? "|luminance:" + contentStats.mean() + ":" + contentStats.std() : "")
            + (contentColors != null ? "|colors:" + params.colorTransfer() + ":" + contentColors.key() : "")
            + (windowed ? "|tile:" + tiling.tile() : "");
        StyleTargetCache.Key key = new StyleTargetCache.Key(identity, styleSize, styleLayers, params.pooling(),
            model.featuresId());
        StyleTargetCache.Lease lease = cache.acquire(key, owner -> {
          BufferedImage scaled = ImageResizer.forNetwork(style.image(), styleSize, style.name());
          float[] pixels = networkPixels(ImageTensors.toChw(scaled), contentStats, contentColors, params);
          try (NDManager scratch = manager.newSubManager()) {
            NDArray tensor = ImageTensors.toTensor(pixels, scaled.getWidth(), scaled.getHeight(), scratch);
            return StyleTargets.computeTiled(model, tensor, styleLayers, owner, tiling.tile());
          }
        });
        leases.add(lease);
        hit &= lease.hit();
        if (i == heaviest && params.init() == InitImage.STYLE) {
          BufferedImage scaled = ImageResizer.forNetwork(style.image(), styleSize, style.name());
          initialStyle = networkPixels(ImageTensors.toChw(ImageResizer.toSize(scaled, width, height)), contentStats,
              contentColors, params);
        }
      }
      List<StyleTargets> each = leases.stream().map(StyleTargetCache.Lease::targets).toList();
      boolean masked = styles.get(0).mask() != null;
      // With masks every style keeps its own targets; blending them would undo the regions.
      StyleTargets targets = leases.size() == 1 || masked ? each.get(0) : StyleBlend.blend(each, blend, manager);
      ImageObjective objective;
      if (masked) {
        List<StyleMask> masks = new ArrayList<>();
        for (StyleSource style : styles) {
          masks.add(StyleMask.of(style.mask(), style.maskName(), width, height, styleLayers, manager));
        }
        objective = whole(model, params, contentPixels,
            new GuidedStyleLoss(each, masks, params.losses().styleLayerWeights()), manager, seat);
      } else {
        objective = objective(model, params, contentPixels, targets, width, height, manager, tileRandom, seat);
      }
      return new ScaleStage(manager, leases, content, contentRgb, contentPixels, objective, hit, initialStyle,
          targets);
    } catch (RuntimeException | Error e) {
      leases.forEach(StyleTargetCache.Lease::close);
      manager.close();
      throw e;
    }
  }

  private static ImageObjective objective(Vgg19 model, StyleParams params, NDArray contentPixels,
      StyleTargets targets, int width, int height, NDManager manager, SplittableRandom tileRandom,
      BatchSeat seat) {
    StyleParams.Tiling tiling = params.tiling();
    StyleParams.Losses losses = params.losses();
    StyleTerm style = params.styleLoss() == StyleDistance.WASSERSTEIN
        ? new WassersteinStyleLoss(targets, losses.styleLayerWeights(), manager)
        : StyleTransferObjective.gram(targets, losses.styleLayerWeights());
    if (tiling.enabled() && (width > tiling.tile() || height > tiling.tile())) {
      seat.leave(); // tiles are evaluated one by one, each its own pass
      return new TiledObjective(model, losses.contentLayer(), contentPixels, style, losses.weights(), tiling.tile(),
          tiling.overlap(), tileRandom);
    }
    return whole(model, params, contentPixels, style, manager, seat);
  }

  /** The whole-image objective with this style term. */
  private static ImageObjective whole(Vgg19 model, StyleParams params, NDArray contentPixels, StyleTerm style,
      NDManager manager, BatchSeat seat) {
    StyleParams.Losses losses = params.losses();
    NDArray contentTarget = StyleTransferObjective.contentTarget(model, contentPixels, losses.contentLayer(),
        manager);
    return seat.objective(new StyleTransferObjective(model, losses.contentLayer(), contentTarget, style,
        losses.weights()));
  }

  /**
   * In luminance mode: the style's Y matched to the content's statistics; in histogram mode: the style's
   * colours matched to the content's; else the pixels as they are.
   */
  private static float[] networkPixels(float[] rgb, LuminanceTransfer.Stats contentStats,
      LinearColorTransfer.Stats contentColors, StyleParams params) {
    if (contentColors != null) {
      return LinearColorTransfer.match(rgb, contentColors, params.colorTransfer());
    }
    return contentStats == null ? rgb : LuminanceTransfer.matchedStyle(rgb, contentStats);
  }

  private static int heaviest(double[] blend) {
    int best = 0;
    for (int i = 1; i < blend.length; i++) {
      if (blend[i] > blend[best]) {
        best = i;
      }
    }
    return best;
  }

  ImageObjective objective() {
    return objective;
  }

  /** The content image at this scale, as the network sees it (luminance in luminance mode). */
  NDArray contentPixels() {
    return contentPixels;
  }

  /** The content image at this scale in colour: the source of the chroma when colours are preserved. */
  float[] contentRgb() {
    return contentRgb;
  }

  /** The heaviest style resized to the content's size, as the network sees it; null unless init is style. */
  float[] initialStyle() {
    return initialStyle;
  }

  /** The (blended) style targets of this scale; with masks, the first style's. */
  StyleTargets targets() {
    return targets;
  }

  int width() {
    return content.getWidth();
  }

  int height() {
    return content.getHeight();
  }

  /** Whether every style's targets came from the cache. */
  boolean cacheHit() {
    return cacheHit;
  }

  @Override
  public void close() {
    leases.forEach(StyleTargetCache.Lease::close);
    manager.close();
  }
}
