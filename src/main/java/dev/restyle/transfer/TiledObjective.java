package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Autograd;
import dev.restyle.model.Vgg19;
import dev.restyle.params.LossWeights;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Gatys et al.'s objective evaluated tile by tile, so the network's activations (the memory that grows
 * with the image) never exceed one tile's; only a few image-sized buffers (pixels, gradient, weights)
 * are whole.
 *
 * <p>Per tile: the content loss against the content image's same window (its activations computed for
 * that window, so both see the same borders), the style loss against the whole style's Gram targets
 * (Grams are normalized by C·H·W, i.e. averages over positions, so a tile's Gram estimates the same
 * statistics as the whole image's), and the tile's TV. The reported loss is the area-weighted mean of the
 * tiles' losses. The gradient is a partition of unity over the overlapping tiles,
 * {@code g(p) = Σ_t m_t(p)·(a_t/A)·∇L_t(p) / Σ_t m_t(p)}, with linear feathering masks m_t (the network's
 * gradient is least reliable near a tile's border, where it sees zero padding), scaled by a_t/A (tile area
 * over image area) so that its size stays that of the whole-image objective's gradient, give or take a
 * factor of 2 (TilingTest measures it), and learning rates carry over.
 *
 * <p>Every evaluation draws a new grid offset from the pair's seeded generator, so no border stays in one
 * place; {@link #measure} uses the unshifted grid, so final losses are reproducible.
 */
final class TiledObjective implements ImageObjective {

  private final Vgg19 model;
  private final String contentLayer;
  private final NDArray contentPixels;
  private final StyleTerm style;
  private final LossWeights weights;
  private final int tile;
  private final int overlap;
  private final SplittableRandom random;

  /**
   * @param contentPixels the whole content image at this scale (1×3×H×W), read per window
   * @param random the pair's generator of grid offsets; null keeps the grid fixed (the naive tiling, which
   *     tests use as the control that shows seams)
   */
  TiledObjective(Vgg19 model, String contentLayer, NDArray contentPixels, StyleTargets styleTargets,
      Map<String, Double> styleLayerWeights, LossWeights weights, int tile, int overlap, SplittableRandom random) {
    this(model, contentLayer, contentPixels, StyleTransferObjective.gram(styleTargets, styleLayerWeights), weights,
        tile, overlap, random);
  }

  /** @param style the style term every tile is measured with, against the whole style's targets */
  TiledObjective(Vgg19 model, String contentLayer, NDArray contentPixels, StyleTerm style, LossWeights weights,
      int tile, int overlap, SplittableRandom random) {
    this.model = model;
    this.contentLayer = contentLayer;
    this.contentPixels = contentPixels;
    this.style = style;
    this.weights = weights;
    this.tile = tile;
    this.overlap = overlap;
    this.random = random;
  }

  /** The grid at this image's size with the given offsets (for tests and {@link #measure}). */
  TileGrid grid(int offsetX, int offsetY) {
    return TileGrid.of(width(), height(), tile, overlap, offsetX, offsetY);
  }

  @Override
  public Result evaluate(NDArray image, NDManager scope) {
    int stride = TileGrid.stride(tile, overlap);
    TileGrid grid = random == null ? grid(0, 0) : grid(random.nextInt(stride), random.nextInt(stride));
    double imageArea = (double) width() * height();
    Shape shape = image.getShape();
    NDArray gradient = scope.zeros(shape, image.getDataType(), image.getDevice());
    NDArray weightSum = scope.zeros(new Shape(1, 1, height(), width()), image.getDataType(), image.getDevice());
    LossSum losses = new LossSum();
    for (TileGrid.Window window : grid.windows()) {
      try (NDManager tileScope = scope.newSubManager()) {
        Evaluation evaluation = objectiveFor(window, tileScope).evaluate(slice(image, window, tileScope), tileScope);
        losses.add(evaluation.terms().values(), window.area());
        float[] mask = window.mask(overlap);
        float[] scaled = new float[mask.length];
        for (int i = 0; i < mask.length; i++) {
          scaled[i] = (float) (mask[i] * window.area() / imageArea);
        }
        Shape maskShape = new Shape(1, 1, window.height(), window.width());
        // Gradients are not part of any graph, so plain constants are safe here.
        NDArray weighted = evaluation.gradient().mul(tileScope.create(scaled, maskShape));
        accumulate(gradient, window, weighted, tileScope);
        accumulate(weightSum, window, tileScope.create(mask, maskShape), tileScope);
      }
    }
    NDArray blended = gradient.div(weightSum);
    gradient.close();
    weightSum.close();
    return new Result(losses.mean(), blended);
  }

  @Override
  public LossValues measure(NDArray image) {
    LossSum losses = new LossSum();
    try (NDManager scope = image.getManager().newSubManager()) {
      for (TileGrid.Window window : grid(0, 0).windows()) {
        try (NDManager tileScope = scope.newSubManager()) {
          NDArray pixels = slice(image, window, tileScope);
          losses.add(objectiveFor(window, tileScope).measure(pixels).values(), window.area());
        }
      }
    }
    return losses.mean();
  }

  /** The objective of one window: the content target is that window of the content image. */
  private StyleTransferObjective objectiveFor(TileGrid.Window window, NDManager tileScope) {
    NDArray contentWindow = slice(contentPixels, window, tileScope);
    NDArray target = StyleTransferObjective.contentTarget(model, contentWindow, contentLayer, tileScope);
    return new StyleTransferObjective(model, contentLayer, target, style, weights);
  }

  /** A copy of one window, owned by {@code scope} (a slice is born in the source's long-lived manager). */
  private static NDArray slice(NDArray source, TileGrid.Window window, NDManager scope) {
    NDArray slice = Autograd.withGradMode(false, () -> source.get(window.index()));
    slice.attach(scope);
    return slice;
  }

  /** {@code total[window] += part}. */
  private static void accumulate(NDArray total, TileGrid.Window window, NDArray part, NDManager scope) {
    NDArray current = total.get(window.index());
    current.attach(scope);
    total.set(window.index(), current.add(part));
  }

  private int width() {
    return (int) contentPixels.getShape().get(3);
  }

  private int height() {
    return (int) contentPixels.getShape().get(2);
  }

  /** Area-weighted sums of the tiles' losses. */
  private static final class LossSum {
    private double content;
    private double style;
    private double tv;
    private double total;
    private double area;

    void add(LossValues values, double weight) {
      content += weight * values.content();
      style += weight * values.style();
      tv += weight * values.tv();
      total += weight * values.total();
      area += weight;
    }

    LossValues mean() {
      return new LossValues(content / area, style / area, tv / area, total / area);
    }
  }
}
