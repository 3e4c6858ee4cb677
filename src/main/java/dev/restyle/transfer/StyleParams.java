package dev.restyle.transfer;

import static dev.restyle.transfer.StyleParamTable.*;

import dev.restyle.image.ImageFormat;
import dev.restyle.model.Pooling;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated parameters of one style transfer. Built from strings (flags, manifest cells) through
 * {@link StyleParamTable}, so every value a user can give is checked in one place.
 */
public final class StyleParams {

  private static final double LBFGS_LEARNING_RATE = 1.0;
  private static final double ADAM_LEARNING_RATE = 0.02;

  private final Map<String, String> raw;
  private final Map<String, Object> values;

  private StyleParams(Map<String, String> raw) {
    this.raw = Collections.unmodifiableMap(raw);
    Map<String, Object> parsed = new LinkedHashMap<>();
    for (ParamDef def : ALL) {
      parsed.put(def.name(), def.parse(raw.getOrDefault(def.name(), def.defaultValue())));
    }
    this.values = parsed;
    checkStyleLayerWeights();
    checkScales();
    checkTiles();
  }

  public static StyleParams defaults() {
    return of(Map.of());
  }

  /** @param given values by parameter name or flag; unknown names are rejected */
  public static StyleParams of(Map<String, String> given) {
    return defaults0().with(given);
  }

  /** These parameters with some replaced, e.g. a manifest row's overrides of the job's flags. */
  public StyleParams with(Map<String, String> overrides) {
    Map<String, String> merged = new LinkedHashMap<>(raw);
    overrides.forEach((key, value) -> merged.put(StyleParamTable.find(key).name(), value));
    return new StyleParams(merged);
  }

  private static StyleParams defaults0() {
    return new StyleParams(new LinkedHashMap<>());
  }

  public int size() {
    return (int) (long) (Long) values.get(SIZE.name());
  }

  public double styleScale() {
    return (Double) values.get(STYLE_SCALE.name());
  }

  public int iterations() {
    return (int) (long) (Long) values.get(ITERATIONS.name());
  }

  public String optimizer() {
    return (String) values.get(OPTIMIZER.name());
  }

  public String contentLayer() {
    return (String) values.get(CONTENT_LAYER.name());
  }

  @SuppressWarnings("unchecked")
  public List<String> styleLayers() {
    return (List<String>) values.get(STYLE_LAYERS.name());
  }

  /** w_l by style layer, in order; a single given weight applies to every layer. */
  @SuppressWarnings("unchecked")
  public Map<String, Double> styleLayerWeights() {
    List<Double> weights = (List<Double>) values.get(STYLE_LAYER_WEIGHTS.name());
    Map<String, Double> byLayer = new LinkedHashMap<>();
    List<String> layers = styleLayers();
    for (int i = 0; i < layers.size(); i++) {
      byLayer.put(layers.get(i), weights.size() == 1 ? weights.get(0) : weights.get(i));
    }
    return byLayer;
  }

  public Pooling pooling() {
    return Pooling.parse((String) values.get(POOLING.name()));
  }

  public String init() {
    return (String) values.get(INIT.name());
  }

  public long seed() {
    return (Long) values.get(SEED.name());
  }

  public int logEvery() {
    return (int) (long) (Long) values.get(LOG_EVERY.name());
  }

  public LossWeights lossWeights() {
    return new LossWeights(
        (Double) values.get(CONTENT_WEIGHT.name()),
        (Double) values.get(STYLE_WEIGHT.name()),
        (Double) values.get(TV_WEIGHT.name()));
  }

  public double learningRate() {
    Object value = values.get(LEARNING_RATE.name());
    if ("auto".equals(value)) {
      return optimizer().equals("adam") ? ADAM_LEARNING_RATE : LBFGS_LEARNING_RATE;
    }
    return (Double) value;
  }

  public int historySize() {
    return (int) (long) (Long) values.get(HISTORY_SIZE.name());
  }

  public double toleranceGrad() {
    return (Double) values.get(TOLERANCE_GRAD.name());
  }

  public double toleranceChange() {
    return (Double) values.get(TOLERANCE_CHANGE.name());
  }

  /** L-BFGS's line search: {@code none} or {@code strong_wolfe}. */
  public String lineSearch() {
    return (String) values.get(LINE_SEARCH.name());
  }

  public double adamBeta1() {
    return (Double) values.get(ADAM_BETA1.name());
  }

  public double adamBeta2() {
    return (Double) values.get(ADAM_BETA2.name());
  }

  public int lrDecayEvery() {
    return (int) (long) (Long) values.get(LR_DECAY_EVERY.name());
  }

  public double lrDecayGamma() {
    return (Double) values.get(LR_DECAY_GAMMA.name());
  }

  /** The style blend weights as given (not normalized: that needs the number of styles, see StyleBlend). */
  @SuppressWarnings("unchecked")
  public List<Double> styleBlend() {
    return (List<Double>) values.get(STYLE_BLEND.name());
  }

  /**
   * Checks style_blend against the number of style images a pair has, before any work (the optimizer
   * checks again): one weight, or one per style, with a positive sum.
   *
   * @throws InvalidParamException naming --style-blend
   */
  public void checkStyleCount(int styles) {
    styleBlendWeights(styles);
  }

  /** The blend weights for this many styles, normalized to sum 1 (see {@link #checkStyleCount}). */
  double[] styleBlendWeights(int styles) {
    return StyleBlend.normalized(styleBlend(), styles,
        raw.getOrDefault(STYLE_BLEND.name(), STYLE_BLEND.defaultValue()));
  }

  /** {@code none}, {@code post} or {@code luminance}. */
  public String preserveColors() {
    return (String) values.get(PRESERVE_COLORS.name());
  }

  /** The longest side of every scale, coarse to fine, ending with {@link #size()}; just size when single-scale. */
  @SuppressWarnings("unchecked")
  public List<Integer> scaleLadder() {
    List<Integer> ladder = new java.util.ArrayList<>();
    for (Long scale : (List<Long>) values.get(SCALES.name())) {
      if (scale < size()) {
        ladder.add((int) (long) scale);
      }
    }
    ladder.add(size());
    return List.copyOf(ladder);
  }

  /** The iteration-split weights as given: one (equal split) or one per scale of {@link #scaleLadder()}. */
  @SuppressWarnings("unchecked")
  public List<Double> scaleSplit() {
    return (List<Double>) values.get(SCALE_SPLIT.name());
  }

  /** Tile side in pixels; 0 when tiling is off. */
  public int tile() {
    return (int) (long) (Long) values.get(TILE.name());
  }

  public int tileOverlap() {
    return (int) (long) (Long) values.get(TILE_OVERLAP.name());
  }

  public ImageFormat outputFormat() {
    return ImageFormat.parse((String) values.get(OUTPUT_FORMAT.name()));
  }

  /** Every effective parameter by name, with {@code auto} resolved: what {@code params_json} records. */
  public Map<String, Object> effective() {
    Map<String, Object> effective = new LinkedHashMap<>(values);
    effective.put(LEARNING_RATE.name(), learningRate());
    return Collections.unmodifiableMap(effective);
  }

  /** Only the parameters that differ from the defaults, as given. */
  public Map<String, String> given() {
    return raw;
  }

  private void checkStyleLayerWeights() {
    @SuppressWarnings("unchecked")
    List<Double> weights = (List<Double>) values.get(STYLE_LAYER_WEIGHTS.name());
    if (weights.size() != 1 && weights.size() != styleLayers().size()) {
      throw new InvalidParamException(STYLE_LAYER_WEIGHTS.flag(), raw.get(STYLE_LAYER_WEIGHTS.name()),
          "one weight, or " + styleLayers().size() + " (one per style layer)");
    }
  }

  @SuppressWarnings("unchecked")
  private void checkScales() {
    List<Long> scales = (List<Long>) values.get(SCALES.name());
    for (int i = 0; i < scales.size(); i++) {
      boolean lastIsSize = i == scales.size() - 1 && scales.get(i) == size();
      if (scales.get(i) >= size() && !lastIsSize) {
        throw new InvalidParamException(SCALES.flag(), raw.get(SCALES.name()),
            SCALES.allowed() + " (size is " + size() + ")");
      }
    }
    int count = scaleLadder().size();
    if (scaleSplit().size() != 1 && scaleSplit().size() != count) {
      throw new InvalidParamException(SCALE_SPLIT.flag(), raw.get(SCALE_SPLIT.name()),
          "one weight, or " + count + " (one per scale: " + scaleLadder() + ")");
    }
    if (iterations() < count) {
      throw new InvalidParamException(ITERATIONS.flag(), raw.getOrDefault(ITERATIONS.name(),
          ITERATIONS.defaultValue()), "at least one per scale: " + count + " for scales " + scaleLadder());
    }
  }

  private void checkTiles() {
    if (tile() > 0 && tileOverlap() * 2 > tile()) {
      throw new InvalidParamException(TILE_OVERLAP.flag(), raw.getOrDefault(TILE_OVERLAP.name(),
          TILE_OVERLAP.defaultValue()), "0.." + tile() / 2 + " (at most tile/2, tile is " + tile() + ")");
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StyleParams && effective().equals(((StyleParams) other).effective());
  }

  @Override
  public int hashCode() {
    return effective().hashCode();
  }

  @Override
  public String toString() {
    return effective().toString();
  }
}
