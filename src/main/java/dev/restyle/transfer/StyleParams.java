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
