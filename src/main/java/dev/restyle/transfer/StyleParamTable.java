package dev.restyle.transfer;

import dev.restyle.model.Vgg19Architecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every style-transfer parameter, once. Flags of {@code restyle transfer}, manifest override columns,
 * {@code params_json} and the README's configuration reference are all generated from this table.
 */
public final class StyleParamTable {

  public static final ParamDef SIZE = ParamDef.integer("size", 512, 16, 8192,
      "Longest side of the output in pixels; the aspect ratio of the content image is kept.");
  public static final ParamDef STYLE_SCALE = ParamDef.decimal("style_scale", 1.0, 0.1, 4.0,
      "The style image is resized to style_scale × size (longest side; with scales, × each scale's size) "
          + "before its Gram targets are computed: below 1 its brush strokes and patterns come out smaller, above "
          + "1 larger.");
  public static final ParamDef ITERATIONS = ParamDef.integer("iterations", 500, 1, 100_000,
      "Loss+gradient evaluations (one L-BFGS or Adam iteration each).");
  public static final ParamDef OPTIMIZER = ParamDef.choice("optimizer", "lbfgs",
      "L-BFGS with torch.optim.LBFGS semantics, or Adam.", "lbfgs", "adam");
  public static final ParamDef CONTENT_LAYER = ParamDef.choice("content_layer", "relu4_2",
      "VGG19 layer whose activations carry the content.", reluLayers());
  public static final ParamDef STYLE_LAYERS = ParamDef.list("style_layers", "relu1_1,relu2_1,relu3_1,relu4_1,relu5_1",
      "comma-separated VGG19 layers", "Layers whose Gram matrices carry the style.", layer -> {
        Vgg19Architecture.layer(layer);
        return layer;
      });
  public static final ParamDef STYLE_LAYER_WEIGHTS = ParamDef.list("style_layer_weights", "1",
      "one weight ≥ 0 for all layers, or one per style layer", "Per-layer style weights w_l.",
      StyleParamTable::nonNegative);
  public static final ParamDef POOLING = ParamDef.choice("pooling", "max",
      "VGG19 pooling; the paper suggests avg for smoother results.", "max", "avg");
  public static final ParamDef INIT = ParamDef.choice("init", "content",
      "Starting image: the content image, seeded uniform noise, or the style image.", "content", "noise", "style");
  public static final ParamDef SEED = ParamDef.integer("seed", 0, 0, Long.MAX_VALUE,
      "Seed of the noise init (a per-pair generator, so concurrent pairs stay reproducible).");
  public static final ParamDef LOG_EVERY = ParamDef.integer("log_every", 50, 1, 100_000,
      "Record (and print) the losses every k iterations; the first and last are always recorded.");
  public static final ParamDef CONTENT_WEIGHT = ParamDef.decimal("content_weight", 1, 0, 1e12,
      "α: weight of the content loss.");
  public static final ParamDef STYLE_WEIGHT = ParamDef.decimal("style_weight", 1e6, 0, 1e15,
      "β: weight of the style loss. With Grams normalized by C·H·W, 1e6 balances content 1.");
  public static final ParamDef TV_WEIGHT = ParamDef.decimal("tv_weight", 0, 0, 1e12,
      "Weight of the total-variation smoothness term (the paper has none).");
  public static final ParamDef LEARNING_RATE = new ParamDef("learning_rate", "auto", "auto, or a number > 0",
      "Step size: auto is 1 for L-BFGS (as torch.optim.LBFGS) and 0.02 for Adam (pixels are in [0,1]).",
      raw -> {
        if (raw.equalsIgnoreCase("auto")) {
          return "auto";
        }
        double value = Double.parseDouble(raw);
        ParamDef.require(value > 0 && Double.isFinite(value));
        return value;
      });
  public static final ParamDef HISTORY_SIZE = ParamDef.integer("history_size", 100, 1, 1000,
      "L-BFGS: number of (s, y) pairs kept; memory is 2 × history × image size.");
  public static final ParamDef TOLERANCE_GRAD = ParamDef.decimal("tolerance_grad", 1e-7, 0, 1,
      "L-BFGS: stop when max|gradient| is at most this.");
  public static final ParamDef TOLERANCE_CHANGE = ParamDef.decimal("tolerance_change", 1e-9, 0, 1,
      "L-BFGS: stop when the loss or the step changes by less than this.");
  public static final ParamDef LINE_SEARCH = ParamDef.choice("line_search", "none",
      "L-BFGS step length: none takes torch's fixed step (one evaluation per iteration, but early steps can "
          + "overshoot); strong_wolfe searches for a step meeting the strong Wolfe conditions (torch's "
          + "line_search_fn), which costs extra evaluations per iteration (they count towards iterations) but "
          + "never overshoots: the loss never rises from one iteration to the next.",
      "none", "strong_wolfe");
  public static final ParamDef ADAM_BETA1 = ParamDef.decimal("adam_beta1", 0.9, 0, 0.999999, "Adam: β1.");
  public static final ParamDef ADAM_BETA2 = ParamDef.decimal("adam_beta2", 0.999, 0, 0.999999999, "Adam: β2.");
  public static final ParamDef LR_DECAY_EVERY = ParamDef.integer("lr_decay_every", 0, 0, 100_000,
      "Adam: multiply the learning rate by lr_decay_gamma every this many iterations; 0 turns it off.");
  public static final ParamDef LR_DECAY_GAMMA = ParamDef.decimal("lr_decay_gamma", 0.5, 0.0001, 1,
      "Adam: the step-decay factor.");
  public static final ParamDef STYLE_BLEND = ParamDef.list("style_blend", "1",
      "one weight ≥ 0 per style image (sum > 0), or one value for an equal blend",
      "With several style images (--style a.jpg,b.jpg): the style targets are the weighted sum of each style's "
          + "Gram matrices, with the weights normalized to sum 1; the default blends them equally.",
      StyleParamTable::nonNegative);
  public static final ParamDef PRESERVE_COLORS = ParamDef.choice("preserve_colors", "none",
      "Keep the content's colours (Gatys et al. 2016): none; post recombines the result's luminance Y with the "
          + "content's chroma Cb, Cr (YCbCr, BT.601 full range as in JPEG) after optimizing; luminance optimizes "
          + "on luminance images (the style's Y matched to the content's mean and standard deviation) and then "
          + "recombines with the content's chroma, so the style's colours never enter.",
      "none", "post", "luminance");
  public static final ParamDef SCALES = new ParamDef("scales", "none",
      "none, or comma-separated longest sides 16..8192, increasing, each below size (size itself may end the list)",
      "Coarse to fine: optimize at each listed size first, smallest first, each result upsampled (bicubic) as the "
          + "start of the next, and last at size. Iterations are split across the scales by scale_split (their "
          + "total stays iterations); the loss history numbers iterations across all scales and records each "
          + "point's scale.",
      StyleParamTable::scaleList);
  public static final ParamDef SCALE_SPLIT = ParamDef.list("scale_split", "1",
      "one weight > 0 per scale (the listed scales, then size), or one value for an equal split",
      "How scales divides iterations: proportionally to these weights, each scale getting at least one; "
          + "iterations a scale leaves unused (L-BFGS converged) pass to the next.",
      StyleParamTable::positive);
  public static final ParamDef TILE = new ParamDef("tile", "0", "0 (off), or 64..8192",
      "Optimize in tiles of this many pixels a side, so the network's memory is bounded by the tile, not the "
          + "output: style loss per tile against the whole style's Gram targets (themselves computed in "
          + "windows), content targets from the content's same window; every iteration shifts the tile grid "
          + "by a random offset (seeded by seed), and overlapping gradients are blended with linear feathering. "
          + "Best with optimizer adam: L-BFGS's history holds 2 × history_size whole-image vectors.",
      raw -> {
        long value = Long.parseLong(raw);
        ParamDef.require(value == 0 || (value >= 64 && value <= 8192));
        return value;
      });
  public static final ParamDef TILE_OVERLAP = ParamDef.integer("tile_overlap", 32, 0, 4096,
      "Tiles: pixels shared by neighbouring tiles, over which their gradients are feathered linearly; at most "
          + "tile/2.");
  public static final ParamDef OUTPUT_FORMAT = ParamDef.choice("output_format", "png",
      "Encoding of the stylized image.", "png", "jpg");

  public static final List<ParamDef> ALL = List.of(
      SIZE, STYLE_SCALE, STYLE_BLEND, ITERATIONS, SCALES, SCALE_SPLIT, OPTIMIZER, CONTENT_LAYER, STYLE_LAYERS,
      STYLE_LAYER_WEIGHTS, POOLING, INIT, SEED, LOG_EVERY, CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT, LEARNING_RATE,
      HISTORY_SIZE, TOLERANCE_GRAD, TOLERANCE_CHANGE, LINE_SEARCH, ADAM_BETA1, ADAM_BETA2, LR_DECAY_EVERY,
      LR_DECAY_GAMMA, PRESERVE_COLORS, TILE, TILE_OVERLAP, OUTPUT_FORMAT);

  private static final Map<String, ParamDef> BY_NAME = new LinkedHashMap<>();

  static {
    ALL.forEach(def -> BY_NAME.put(def.name(), def));
  }

  private StyleParamTable() {}

  /** The parameter with this name ({@code style_weight}) or flag ({@code --style-weight}). */
  public static ParamDef find(String nameOrFlag) {
    String name = nameOrFlag.startsWith("--") ? nameOrFlag.substring(2).replace('-', '_') : nameOrFlag;
    ParamDef def = BY_NAME.get(name);
    if (def == null) {
      throw new IllegalArgumentException(
          "unknown parameter '" + nameOrFlag + "'; known: " + String.join(", ", BY_NAME.keySet()));
    }
    return def;
  }

  public static boolean exists(String name) {
    return BY_NAME.containsKey(name);
  }

  private static String[] reluLayers() {
    return Vgg19Architecture.layers().stream()
        .map(l -> l.name())
        .filter(n -> !n.startsWith("pool"))
        .toArray(String[]::new);
  }

  private static Object positive(String raw) {
    double value = Double.parseDouble(raw);
    ParamDef.require(value > 0 && Double.isFinite(value));
    return value;
  }

  private static Object scaleList(String raw) {
    if (raw.equalsIgnoreCase("none")) {
      return List.of();
    }
    List<Long> sizes = new java.util.ArrayList<>();
    for (String part : raw.split(",", -1)) {
      long size = Long.parseLong(part.strip());
      ParamDef.require(size >= 16 && size <= 8192);
      ParamDef.require(sizes.isEmpty() || size > sizes.get(sizes.size() - 1));
      sizes.add(size);
    }
    return List.copyOf(sizes);
  }

  private static Object nonNegative(String raw) {
    double value = Double.parseDouble(raw);
    ParamDef.require(value >= 0 && Double.isFinite(value));
    return value;
  }
}
