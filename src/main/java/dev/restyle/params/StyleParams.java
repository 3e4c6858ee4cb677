package dev.restyle.params;

import static dev.restyle.params.StyleParamTable.*;

import dev.restyle.image.ColorTransferBasis;
import dev.restyle.image.ImageFormat;
import dev.restyle.model.Pooling;
import dev.restyle.model.Precision;
import dev.restyle.model.Preprocessing;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.VggLayer;
import java.io.ObjectStreamException;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The validated parameters of one style transfer, typed. Built from text (flags, manifest cells,
 * {@code params_json}) through {@link StyleParamTable}, so every value a user can give is checked in one
 * place, then read through typed getters and the grouped views {@link #schedule()}, {@link #losses()},
 * {@link #optimizer()} and {@link #tiling()}.
 *
 * <p>Immutable. Besides the typed values it keeps the text of every value that was given (flags, manifest
 * cells), so messages quote what the user wrote and a copy sent to an executor (Java serialization carries
 * the given text only) merges exactly like the original: {@code auto} stays {@code auto}.
 */
public final class StyleParams implements Serializable {

  private static final long serialVersionUID = 1L;
  private static final double LBFGS_LEARNING_RATE = 1.0;
  private static final double ADAM_LEARNING_RATE = 0.02;

  /** Every parameter's value by name, in table order; each was made by its own {@link ParamDef}. */
  private final transient Map<String, Object> values;
  /** The text of the values that were given, by name, as given; the others are defaults. */
  private final transient Map<String, String> given;

  private StyleParams(Map<String, Object> values, Map<String, String> given) {
    this.values = Collections.unmodifiableMap(withInitImplied(values, given));
    this.given = Collections.unmodifiableMap(new LinkedHashMap<>(given));
    checkInit();
    checkStyleLayerWeights();
    checkScales();
    checkTiles();
    checkStyleMasks();
  }

  public static StyleParams defaults() {
    Map<String, Object> values = new LinkedHashMap<>();
    ALL.forEach(def -> values.put(def.name(), def.defaultValue()));
    return new StyleParams(values, Map.of());
  }

  /** @param given text values by parameter name or flag; unknown names are rejected */
  public static StyleParams of(Map<String, String> given) {
    return defaults().with(given);
  }

  /** Reads {@link #effectiveJson()} (or any JSON object of parameter values) back. */
  public static StyleParams fromJson(String json) {
    Map<String, String> texts = new LinkedHashMap<>(ParamsJson.texts(json));
    for (ParamDef<?> def : ALL) {
      if (!texts.containsKey(def.name()) && !def.absentFromJson().equals(def.defaultValue())) {
        texts.put(def.name(), textOfAbsent(def));
      }
    }
    return of(texts);
  }

  private static <T> String textOfAbsent(ParamDef<T> def) {
    return def.text(def.absentFromJson());
  }

  /**
   * These parameters for weights of the given identity: {@code preprocessing auto} resolved (caffe for the
   * Caffe VGG19's sha256, else torchvision), so {@link #effectiveJson()} records what is run.
   */
  public StyleParams forWeights(String weightsId) {
    Preprocessing resolved = preprocessing().resolve(weightsId);
    return resolved == preprocessing() ? this : with(Map.of(PREPROCESSING.name(), resolved.id()));
  }

  /** Starts from the defaults; for code and tests that set a few values by their typed definitions. */
  public static Builder builder() {
    return new Builder(defaults());
  }

  /**
   * These parameters with some replaced, e.g. a manifest row's overrides of the job's flags. The result is
   * checked as a whole: an override may be valid alone and still clash with another value.
   *
   * @param overrides text values by parameter name or flag
   * @throws InvalidParamException naming the flag of the first value that does not work
   */
  public StyleParams with(Map<String, String> overrides) {
    Map<String, Object> merged = new LinkedHashMap<>(values);
    Map<String, String> mergedGiven = new LinkedHashMap<>(given);
    overrides.forEach((key, raw) -> {
      ParamDef<?> def = StyleParamTable.find(key);
      merged.put(def.name(), def.parse(raw));
      mergedGiven.put(def.name(), raw);
    });
    return new StyleParams(merged, mergedGiven);
  }

  /** The values that were given, as text by name, in the order given: what the run prints at start. */
  public Map<String, String> given() {
    return given;
  }

  /** The value of one parameter. */
  @SuppressWarnings("unchecked") // every value was made by the ParamDef of its name
  public <T> T get(ParamDef<T> def) {
    return (T) values.get(def.name());
  }

  public int size() {
    return get(SIZE);
  }

  public int iterations() {
    return get(ITERATIONS);
  }

  public long seed() {
    return get(SEED);
  }

  public InitImage init() {
    return get(INIT);
  }

  /** Write the current picture every this many iterations; 0 when none are written. */
  public int saveEvery() {
    return get(SAVE_EVERY);
  }

  /** The URI of the picture to start from; empty unless init is image. */
  public String initUri() {
    return get(INIT_URI);
  }

  public Pooling pooling() {
    return get(POOLING);
  }

  public double styleScale() {
    return get(STYLE_SCALE);
  }

  public PreserveColors preserveColors() {
    return get(PRESERVE_COLORS);
  }

  /** As given; AUTO until {@link #forWeights} resolves it. */
  public Preprocessing preprocessing() {
    return get(PREPROCESSING);
  }

  /** The network's number format as asked; the model falls back to fp32 where bf16 is not native. */
  public Precision precision() {
    return get(PRECISION);
  }

  public StyleDistance styleLoss() {
    return get(STYLE_LOSS);
  }

  public ColorTransferBasis colorTransfer() {
    return get(COLOR_TRANSFER);
  }

  public PixelRange pixelRange() {
    return get(PIXEL_RANGE);
  }

  /** D of the written picture's moving average of the iterates; 0 when the last iterate is written. */
  public double averageDecay() {
    return get(AVERAGE_DECAY);
  }

  public ImageFormat outputFormat() {
    return get(OUTPUT_FORMAT);
  }

  /** How many iterations, at which sizes, and how often losses are recorded. */
  public Schedule schedule() {
    return new Schedule(size(), iterations(), get(LOG_EVERY), scaleLadder(), get(SCALE_SPLIT));
  }

  /** What the objective measures: layers, their weights and the α, β, TV weights. */
  public Losses losses() {
    return new Losses(get(CONTENT_LAYER), get(STYLE_LAYERS), styleLayerWeights(),
        new LossWeights(get(CONTENT_WEIGHT), get(STYLE_WEIGHT), get(TV_WEIGHT), get(NORMALIZE_GRADIENTS)));
  }

  /** The chosen optimizer with its own settings, {@code auto} learning rate resolved. */
  public OptimizerSettings optimizer() {
    return switch (get(OPTIMIZER)) {
      case ADAM -> new OptimizerSettings.Adam(learningRate(ADAM_LEARNING_RATE), get(ADAM_BETA1), get(ADAM_BETA2),
          get(LR_DECAY_EVERY), get(LR_DECAY_GAMMA));
      case LBFGS -> new OptimizerSettings.Lbfgs(learningRate(LBFGS_LEARNING_RATE), get(HISTORY_SIZE),
          get(TOLERANCE_GRAD), get(TOLERANCE_CHANGE), get(LINE_SEARCH));
    };
  }

  public Tiling tiling() {
    return new Tiling(get(TILE), get(TILE_OVERLAP));
  }

  /**
   * The style blend for this many style images, normalized to sum 1: one given weight blends them
   * equally, otherwise there must be one weight per style, in the order of the styles.
   *
   * @throws InvalidParamException naming --style-blend when the count or the sum is wrong
   */
  public double[] styleBlendWeights(int styles) {
    List<Double> blend = get(STYLE_BLEND);
    if (blend.size() != 1 && blend.size() != styles) {
      throw new InvalidParamException(STYLE_BLEND.flag(), asGiven(STYLE_BLEND),
          "one weight, or " + styles + " (one per style image)");
    }
    double[] weights = new double[styles];
    double sum = 0;
    for (int i = 0; i < styles; i++) {
      weights[i] = blend.size() == 1 ? 1 : blend.get(i);
      sum += weights[i];
    }
    if (!(sum > 0)) {
      throw new InvalidParamException(STYLE_BLEND.flag(), asGiven(STYLE_BLEND), "weights ≥ 0 with a sum > 0");
    }
    for (int i = 0; i < styles; i++) {
      weights[i] /= sum;
    }
    return weights;
  }

  /**
   * The style masks' URIs for this many style images, one per style in the order of the styles; empty when
   * there are none.
   *
   * @throws InvalidParamException naming --style-mask when there are masks but not one per style
   */
  public List<String> styleMaskUris(int styles) {
    List<String> masks = get(STYLE_MASK_URI);
    if (!masks.isEmpty() && masks.size() != styles) {
      throw new InvalidParamException(STYLE_MASK_URI.flag(), asGiven(STYLE_MASK_URI),
          styles + " mask(s), one per style image");
    }
    return masks;
  }

  /**
   * Every parameter by name as {@code params_json} records it, with {@code auto} resolved (preprocessing by
   * {@link #forWeights}, before); a parameter
   * {@linkplain ParamDef#leftOutOfJsonAtDefault() left out at its default} is there only when it is not.
   */
  public Map<String, Object> effective() {
    Map<String, Object> effective = new LinkedHashMap<>();
    for (ParamDef<?> def : ALL) {
      if (!leftOut(def)) {
        effective.put(def.name(), jsonValue(def));
      }
    }
    effective.put(LEARNING_RATE.name(), optimizer().learningRate());
    return Collections.unmodifiableMap(effective);
  }

  /** Canonical JSON of {@link #effective()}: equal parameters give equal text, and so an equal hash. */
  public String effectiveJson() {
    return ParamsJson.canonical(effective());
  }

  private <T> boolean leftOut(ParamDef<T> def) {
    return def.leftOutOfJson(get(def));
  }

  private <T> Object jsonValue(ParamDef<T> def) {
    return def.jsonValue(get(def));
  }

  /** The value as the user wrote it, or the default's text: what a message quotes. */
  private String asGiven(ParamDef<?> def) {
    return given.getOrDefault(def.name(), def.defaultText());
  }

  private double learningRate(double auto) {
    return get(LEARNING_RATE).orElse(auto);
  }

  /** The longest side of every scale, coarse to fine, ending with the size; just the size when single-scale. */
  private List<Integer> scaleLadder() {
    List<Integer> ladder = new ArrayList<>();
    for (int scale : get(SCALES)) {
      if (scale < size()) {
        ladder.add(scale);
      }
    }
    ladder.add(size());
    return List.copyOf(ladder);
  }

  private Map<String, Double> styleLayerWeights() {
    List<Double> weights = get(STYLE_LAYER_WEIGHTS);
    List<String> layers = get(STYLE_LAYERS);
    Map<String, Double> byLayer = new LinkedHashMap<>();
    for (int i = 0; i < layers.size(); i++) {
      byLayer.put(layers.get(i), weights.size() == 1 ? weights.get(0) : weights.get(i));
    }
    return Collections.unmodifiableMap(byLayer);
  }

  /**
   * An init picture implies init image unless init was given: then it must say image. Recomputed on every
   * merge from what was given, so a row that clears the job's init picture starts from the content again.
   */
  private static Map<String, Object> withInitImplied(Map<String, Object> values, Map<String, String> given) {
    Map<String, Object> implied = new LinkedHashMap<>(values);
    if (!given.containsKey(INIT.name())) {
      implied.put(INIT.name(), ((String) values.get(INIT_URI.name())).isEmpty() ? INIT.defaultValue() : InitImage.IMAGE);
    }
    return implied;
  }

  private void checkInit() {
    boolean picture = !initUri().isEmpty();
    if (init() == InitImage.IMAGE && !picture) {
      throw new InvalidParamException(INIT.flag(), asGiven(INIT),
          "image only with " + INIT_URI.flag() + " URI (manifest column " + INIT_URI.name() + "), the picture to "
              + "start from");
    }
    if (picture && init() != InitImage.IMAGE) {
      throw new InvalidParamException(INIT_URI.flag(), initUri(), "a picture to start from, with " + INIT.flag()
          + " image or no " + INIT.flag() + " (it is " + INIT.text(init()) + " here)");
    }
  }

  private void checkStyleLayerWeights() {
    int weights = get(STYLE_LAYER_WEIGHTS).size();
    int layers = get(STYLE_LAYERS).size();
    if (weights != 1 && weights != layers) {
      throw new InvalidParamException(STYLE_LAYER_WEIGHTS.flag(), asGiven(STYLE_LAYER_WEIGHTS),
          "one weight, or " + layers + " (one per style layer)");
    }
  }

  private void checkScales() {
    List<Integer> scales = get(SCALES);
    for (int i = 0; i < scales.size(); i++) {
      boolean lastIsSize = i == scales.size() - 1 && scales.get(i) == size();
      if (scales.get(i) >= size() && !lastIsSize) {
        throw new InvalidParamException(SCALES.flag(), asGiven(SCALES), SCALES.allowed() + " (size is " + size() + ")");
      }
    }
    List<Integer> ladder = scaleLadder();
    List<Double> split = get(SCALE_SPLIT);
    if (split.size() != 1 && split.size() != ladder.size()) {
      throw new InvalidParamException(SCALE_SPLIT.flag(), asGiven(SCALE_SPLIT),
          "one weight, or " + ladder.size() + " (one per scale: " + ladder + ")");
    }
    if (iterations() < ladder.size()) {
      throw new InvalidParamException(ITERATIONS.flag(), asGiven(ITERATIONS),
          "at least one per scale: " + ladder.size() + " for scales " + ladder);
    }
  }

  private void checkTiles() {
    Tiling tiling = tiling();
    if (tiling.enabled() && tiling.overlap() * 2 > tiling.tile()) {
      throw new InvalidParamException(TILE_OVERLAP.flag(), asGiven(TILE_OVERLAP),
          "0.." + tiling.tile() / 2 + " (at most tile/2, tile is " + tiling.tile() + ")");
    }
  }

  /**
   * Masks give each style its own region, which neither a blend of the styles' targets nor a tile's window
   * of the masks (not implemented) fits.
   */
  private void checkStyleMasks() {
    if (get(STYLE_MASK_URI).isEmpty()) {
      return;
    }
    if (tiling().enabled()) {
      throw new InvalidParamException(STYLE_MASK_URI.flag(), asGiven(STYLE_MASK_URI),
          "no masks with --tile " + get(TILE) + " (style masks do not work with tiles; use --tile 0)");
    }
    if (styleLoss() != StyleDistance.GRAM) {
      throw new InvalidParamException(STYLE_MASK_URI.flag(), asGiven(STYLE_MASK_URI),
          "no masks with --style-loss " + asGiven(STYLE_LOSS) + " (masks weight Gram matrices; use --style-loss gram)");
    }
    if (!get(STYLE_BLEND).equals(STYLE_BLEND.defaultValue())) {
      throw new InvalidParamException(STYLE_MASK_URI.flag(), asGiven(STYLE_MASK_URI),
          "no masks with --style-blend " + asGiven(STYLE_BLEND) + " (with masks each style applies fully in its "
              + "own region; leave style_blend at its default)");
    }
  }

  /**
   * @param scaleLadder the longest side of every scale, coarse to fine, ending with {@code size}
   * @param scaleSplit the iteration-split weights as given: one (an equal split) or one per scale
   * @param logEvery record (and print) the losses every this many iterations
   */
  public record Schedule(int size, int iterations, int logEvery, List<Integer> scaleLadder, List<Double> scaleSplit) {}

  /** @param styleLayerWeights w_l by style layer, in order; a single given weight applies to every layer */
  public record Losses(String contentLayer, List<String> styleLayers, Map<String, Double> styleLayerWeights,
      LossWeights weights) {

    /** The deepest layer the objective reads: the network is never built past it. */
    public VggLayer deepestLayer() {
      List<String> layers = new ArrayList<>(styleLayers);
      layers.add(contentLayer);
      return Vgg19Architecture.deepest(layers);
    }
  }

  /** @param tile side in pixels; 0 when tiling is off */
  public record Tiling(int tile, int overlap) {

    public boolean enabled() {
      return tile > 0;
    }
  }

  /** Sets values by their typed definitions; the result is checked as a whole by {@link #build()}. */
  public static final class Builder {

    private final Map<String, String> texts = new LinkedHashMap<>();
    private final StyleParams start;

    private Builder(StyleParams start) {
      this.start = start;
    }

    /** The value is given as its text, so a builder cannot make what a user could not. */
    public <T> Builder set(ParamDef<T> def, T value) {
      texts.put(def.name(), def.text(value));
      return this;
    }

    public StyleParams build() {
      return start.with(texts);
    }
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StyleParams that && values.equals(that.values);
  }

  @Override
  public int hashCode() {
    return values.hashCode();
  }

  @Override
  public String toString() {
    return effectiveJson();
  }

  /** Spark ships closures by Java serialization: the given text is the serialized form. */
  private Object writeReplace() throws ObjectStreamException {
    return new SerializedForm(new LinkedHashMap<>(given));
  }

  private record SerializedForm(LinkedHashMap<String, String> given) implements Serializable {

    private Object readResolve() throws ObjectStreamException {
      return of(given);
    }
  }
}
