package dev.restyle.params;

import dev.restyle.image.ColorTransferBasis;
import dev.restyle.image.ImageFormat;
import dev.restyle.model.Pooling;
import dev.restyle.model.Precision;
import dev.restyle.model.Preprocessing;
import dev.restyle.model.Vgg19Architecture;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Every style-transfer parameter, once. Flags of {@code restyle transfer}, manifest override columns,
 * {@code params_json} and the README's configuration reference are all generated from this table.
 */
public final class StyleParamTable {

  public static final ParamDef<Integer> SIZE = ParamDef.integer("size", 512, 16, 8192,
      "Longest side of the output in pixels; the aspect ratio of the content image is kept.");
  public static final ParamDef<Double> STYLE_SCALE = ParamDef.decimal("style_scale", 1.0, 0.1, 4.0,
      "The style image is resized to style_scale × size (longest side; with scales, × each scale's size) "
          + "before its Gram targets are computed: below 1 its brush strokes and patterns come out smaller, above "
          + "1 larger.");
  public static final ParamDef<Integer> ITERATIONS = ParamDef.integer("iterations", 500, 1, 100_000,
      "Loss+gradient evaluations (one L-BFGS or Adam iteration each).");
  public static final ParamDef<Optimizer> OPTIMIZER = ParamDef.choice("optimizer", Optimizer.LBFGS,
      "L-BFGS with torch.optim.LBFGS semantics, or Adam.");
  public static final ParamDef<String> CONTENT_LAYER = ParamDef.oneOf("content_layer", "relu4_2", reluLayers(),
      "VGG19 layer whose activations carry the content.");
  public static final ParamDef<List<String>> STYLE_LAYERS = ParamDef.list("style_layers",
      List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1"), "comma-separated VGG19 layers",
      "Layers whose Gram matrices carry the style.", ParamDef.Element.oneOf(allLayers()));
  public static final ParamDef<List<Double>> STYLE_LAYER_WEIGHTS = ParamDef.list("style_layer_weights",
      List.of(1.0), "one weight ≥ 0 for all layers, or one per style layer", "Per-layer style weights w_l.",
      ParamDef.Element.decimal(w -> w >= 0));
  public static final ParamDef<Pooling> POOLING = ParamDef.choice("pooling", Pooling.MAX,
      "VGG19 pooling; the paper suggests avg for smoother results.");
  public static final ParamDef<Preprocessing> PREPROCESSING = ParamDef.choice("preprocessing", Preprocessing.AUTO,
      "How pixels become the network's input, which must be what the weights were trained with: torchvision "
          + "(RGB, (x − ImageNet mean) / std) for torchvision's vgg19-dcbb9e9d.pth; caffe (BGR, 0–255 minus the "
          + "mean pixel 103.939, 116.779, 123.68, no std) for the Caffe VGG19 converted to PyTorch, "
          + "vgg19-d01eb7cb.pth, the Caffe model of jcjohnson/neural-style as neural-style-pt uses it; caffe also checks the "
          + "file's key layout. auto: caffe for weights whose sha256 starts with d01eb7cb, else torchvision. "
          + "params_json records it, resolved, only when caffe.").leftOutOfJsonAt(Preprocessing.TORCHVISION);
  public static final ParamDef<Precision> PRECISION = ParamDef.choice("precision", Precision.FP32,
      "Number format of the network's convolutions: fp32, or bf16 (bfloat16 weights, input and activations, "
          + "float32 accumulation; the activations the losses read are cast back, so the image, Gram matrices, "
          + "losses and optimizer state stay fp32). bf16 needs native bf16: a CPU with avx512_bf16 or amx_bf16, or "
          + "a GPU of compute capability 8.0 or above (tensor cores); elsewhere the run says so once and uses "
          + "fp32. Recorded in params_json only when bf16.").leftOutOfJsonAtDefault();
  public static final ParamDef<InitImage> INIT = ParamDef.choice("init", InitImage.CONTENT,
      "Starting image: the content image, seeded uniform noise, the style image, or a picture of your own "
          + "(image, with --init-image; giving --init-image alone implies it).");
  public static final ParamDef<String> INIT_URI = ParamDef.optionalUri("init_uri",
      "The picture to start from (jcjohnson's -init image -init_image): read and decoded like the content, under "
          + "the same input rules, and resized to the output's size (with scales, the first scale's), stretched "
          + "if its aspect ratio differs. Implies init image; any other given init is invalid with it. A relative "
          + "URI in a manifest resolves against the manifest's folder. Recorded in params_json only when set.")
      .withFlag("--init-image").leftOutOfJsonAtDefault();
  public static final ParamDef<Long> SEED = ParamDef.longInteger("seed", 0, 0, Long.MAX_VALUE,
      "Seed of the noise init (a per-pair generator, so concurrent pairs stay reproducible).");
  public static final ParamDef<Integer> LOG_EVERY = ParamDef.integer("log_every", 50, 1, 100_000,
      "Record (and print) the losses every k iterations; the first and last are always recorded.");
  public static final ParamDef<Integer> SAVE_EVERY = ParamDef.integer("save_every", 0, 0, 100_000,
      "Write the current picture every this many iterations (jcjohnson's -save_iter), as the output is written "
          + "(clamped, colours preserved, in output_format): restyle transfer next to the output as "
          + "<name>_iter0050.<ext>, restyle run under images/run_id=<run>/_progress/<pair_id>/iter0050.<ext>; the "
          + "picture of the final iteration is the output itself. 0 writes none. Recorded in params_json only "
          + "when not 0.").leftOutOfJsonAtDefault();
  public static final ParamDef<Double> CONTENT_WEIGHT = ParamDef.decimal("content_weight", 1, 0, 1e12,
      "α: weight of the content loss.");
  public static final ParamDef<Double> STYLE_WEIGHT = ParamDef.decimal("style_weight", 1e6, 0, 1e15,
      "β: weight of the style loss. With Grams normalized by C·H·W, 1e6 balances content 1.");
  public static final ParamDef<Double> TV_WEIGHT = ParamDef.decimal("tv_weight", 0, 0, 1e12,
      "Weight of the total-variation smoothness term (the paper has none).");
  public static final ParamDef<OptionalDouble> LEARNING_RATE = ParamDef.autoOrPositive("learning_rate",
      "Step size: auto is 1 for L-BFGS (as torch.optim.LBFGS) and 0.02 for Adam (pixels are in [0,1]).");
  public static final ParamDef<Integer> HISTORY_SIZE = ParamDef.integer("history_size", 100, 1, 1000,
      "L-BFGS: number of (s, y) pairs kept; memory is 2 × history × image size.");
  public static final ParamDef<Double> TOLERANCE_GRAD = ParamDef.decimal("tolerance_grad", 1e-7, 0, 1,
      "L-BFGS: stop when max|gradient| is at most this.");
  public static final ParamDef<Double> TOLERANCE_CHANGE = ParamDef.decimal("tolerance_change", 1e-9, 0, 1,
      "L-BFGS: stop when the loss or the step changes by less than this.");
  public static final ParamDef<LineSearch> LINE_SEARCH = ParamDef.choice("line_search", LineSearch.NONE,
      "L-BFGS step length: none takes torch's fixed step (one evaluation per iteration, but early steps can "
          + "overshoot); strong_wolfe searches for a step meeting the strong Wolfe conditions (torch's "
          + "line_search_fn), which costs extra evaluations per iteration (they count towards iterations) but "
          + "never overshoots: the loss never rises from one iteration to the next.");
  public static final ParamDef<PixelRange> PIXEL_RANGE = ParamDef.choice("pixel_range", PixelRange.PROJECT,
      "How pixels stay inside [0,1]: project keeps every iterate inside (Adam projects after each step; "
          + "L-BFGS projects each step and line-search trial and drops the gradient components that push out at "
          + "a bound), so the written picture is the optimized one; clamp_at_end optimizes unconstrained and "
          + "clamps only when writing, as the reference implementations do (the clamp can undo part of the "
          + "optimization); sigmoid optimizes u with pixels = sigmoid(u). Recorded in params_json only when "
          + "not project.").leftOutOfJsonAtDefault();
  public static final ParamDef<Double> ADAM_BETA1 = ParamDef.decimal("adam_beta1", 0.9, 0, 0.999999, "Adam: β1.");
  public static final ParamDef<Double> ADAM_BETA2 = ParamDef.decimal("adam_beta2", 0.999, 0, 0.999999999, "Adam: β2.");
  public static final ParamDef<Integer> LR_DECAY_EVERY = ParamDef.integer("lr_decay_every", 0, 0, 100_000,
      "Adam: multiply the learning rate by lr_decay_gamma every this many iterations; 0 turns it off.");
  public static final ParamDef<Double> LR_DECAY_GAMMA = ParamDef.decimal("lr_decay_gamma", 0.5, 0.0001, 1,
      "Adam: the step-decay factor.");
  public static final ParamDef<Boolean> NORMALIZE_GRADIENTS = ParamDef.bool("normalize_gradients", false,
      "Divide each loss layer's gradient by its L1 norm before the weights apply (jcjohnson/neural-style's "
          + "-normalize_gradients): the gradient at a layer's activation becomes w · g / (‖g‖₁ + 1e-8), w being "
          + "content_weight for the content layer and style_weight × its style_layer_weight for a style layer, so "
          + "each layer pushes with its weight alone, whatever the scale of its loss; TV is not normalized. The "
          + "losses recorded stay the plain ones. Recorded in params_json only when true.").leftOutOfJsonAtDefault();
  public static final ParamDef<Double> AVERAGE_DECAY = ParamDef.decimal("average_decay", 0, 0, 0.9999,
      "Write the exponential moving average of the iterates instead of the last one (crowsonkb's --avg-decay): "
          + "each scale's average starts at its first picture, folds in every accepted iterate as "
          + "v = D·v + (1 − D)·x and is bias-corrected, v / (1 − D^(n+1)), as Adam's moments are; the average is "
          + "the scale's result, so the next scale starts from it. Most useful with Adam, whose iterates jitter "
          + "around the optimum; 0 turns it off. Recorded in params_json only when not 0.").leftOutOfJsonAtDefault();
  public static final ParamDef<List<Double>> STYLE_BLEND = ParamDef.list("style_blend", List.of(1.0),
      "one weight ≥ 0 per style image (sum > 0), or one value for an equal blend",
      "With several style images (--style a.jpg,b.jpg): the style targets are the weighted sum of each style's "
          + "Gram matrices, with the weights normalized to sum 1; the default blends them equally.",
      ParamDef.Element.decimal(w -> w >= 0));
  public static final ParamDef<List<String>> STYLE_MASK_URI = ParamDef.optionalList("style_mask_uri",
      "comma-separated image URIs, one per style image, in the order of the styles",
      "Spatial control (Gatys et al. 2017): one grayscale mask per style image; each style applies where its "
          + "mask is white. Masks are resized to the output like the content; the output's features are weighted "
          + "by each mask (downsampled to every style layer) in guided Gram matrices normalized by the mask's "
          + "mass, each compared with its style's whole-image Gram. Read as inputs like the content and styles "
          + "(a manifest's relative URIs resolve against its folder). Not with tile or style_blend. Recorded in "
          + "params_json only when given.",
      ParamDef.Element.uri()).withFlag("--style-mask").leftOutOfJsonAtDefault();
  public static final ParamDef<StyleDistance> STYLE_LOSS = ParamDef.choice("style_loss", StyleDistance.GRAM,
      "What the style loss compares per layer: gram is Gatys et al.'s mean squared difference of Gram matrices; "
          + "wasserstein is the squared Wasserstein-2 distance between Gaussian fits of the activations, "
          + "mean((μ − μ_s)²) + (tr Σ_s + tr Σ − 2 tr (Σ_s^½ Σ Σ_s^½)^½)/C with Σ = covariance + 1e-4·I, as "
          + "crowsonkb/style-transfer-pytorch (matrix roots by Newton–Schulz iterations; it costs more per "
          + "iteration, most at layers with 512 channels, and its losses are on another scale, so style_weight "
          + "needs tuning). Not with style masks. Recorded in params_json only when not gram.")
      .leftOutOfJsonAtDefault();
  public static final ParamDef<PreserveColors> PRESERVE_COLORS = ParamDef.choice("preserve_colors", PreserveColors.NONE,
      "Keep the content's colours (Gatys et al. 2016): none; post recombines the result's luminance Y with the "
          + "content's chroma Cb, Cr (YCbCr, BT.601 full range as in JPEG) after optimizing; luminance optimizes "
          + "on luminance images (the style's Y matched to the content's mean and standard deviation) and then "
          + "recombines with the content's chroma, so the style's colours never enter; histogram matches the "
          + "style image's colours to the content's before optimizing (Gatys et al. 2017: x' = A (x − μ_style) "
          + "+ μ_content, A from the two colour covariances by color_transfer), so the style's texture comes "
          + "with the content's palette.");
  public static final ParamDef<ColorTransferBasis> COLOR_TRANSFER = ParamDef.choice("color_transfer",
      ColorTransferBasis.PCA,
      "With preserve_colors histogram, the linear map A with A Σ_style Aᵀ = Σ_content: pca uses symmetric square "
          + "roots (Σ_c^½ Σ_s^−½), chol the Cholesky factors (L_c L_s⁻¹), sym the symmetric solution, which "
          + "moves the colours least (Σ_s^−½ (Σ_s^½ Σ_c Σ_s^½)^½ Σ_s^−½). pca is the default of Gatys et al.'s and "
          + "ProGamerGov's linear colour transfer. Ignored by the other preserve_colors modes; recorded in "
          + "params_json only when not pca.").leftOutOfJsonAtDefault();
  public static final ParamDef<List<Integer>> SCALES = ParamDef.optionalList("scales",
      "comma-separated longest sides 16..8192, increasing, each below size (size itself may end the list)",
      "Coarse to fine: optimize at each listed size first, smallest first, each result upsampled (bicubic) as the "
          + "start of the next, and last at size. Iterations are split across the scales by scale_split (their "
          + "total stays iterations); the loss history numbers iterations across all scales and records each "
          + "point's scale.",
      ParamDef.Element.increasingIntegers(16, 8192));
  public static final ParamDef<List<Double>> SCALE_SPLIT = ParamDef.list("scale_split", List.of(1.0),
      "one weight > 0 per scale (the listed scales, then size), or one value for an equal split",
      "How scales divides iterations: proportionally to these weights, each scale getting at least one; "
          + "iterations a scale leaves unused (L-BFGS converged) pass to the next.",
      ParamDef.Element.decimal(w -> w > 0));
  public static final ParamDef<Integer> TILE = ParamDef.offOrInteger("tile", 64, 8192,
      "Optimize in tiles of this many pixels a side, so the network's memory is bounded by the tile, not the "
          + "output: style loss per tile against the whole style's Gram targets (themselves computed in "
          + "windows), content targets from the content's same window; every iteration shifts the tile grid "
          + "by a random offset (seeded by seed), and overlapping gradients are blended with linear feathering. "
          + "Best with optimizer adam: L-BFGS's history holds 2 × history_size whole-image vectors.");
  public static final ParamDef<Integer> TILE_OVERLAP = ParamDef.integer("tile_overlap", 32, 0, 4096,
      "Tiles: pixels shared by neighbouring tiles, over which their gradients are feathered linearly; at most "
          + "tile/2.");
  public static final ParamDef<ImageFormat> OUTPUT_FORMAT = ParamDef.choice("output_format", ImageFormat.PNG,
      ImageFormat::extension, "Encoding of the stylized image.");

  public static final List<ParamDef<?>> ALL = List.of(
      SIZE, STYLE_SCALE, STYLE_BLEND, STYLE_MASK_URI, ITERATIONS, SCALES, SCALE_SPLIT, OPTIMIZER, CONTENT_LAYER,
      STYLE_LAYERS, STYLE_LAYER_WEIGHTS, STYLE_LOSS, POOLING, PREPROCESSING, PRECISION, INIT, INIT_URI, SEED, LOG_EVERY,
      SAVE_EVERY, CONTENT_WEIGHT, STYLE_WEIGHT, TV_WEIGHT, NORMALIZE_GRADIENTS, LEARNING_RATE, HISTORY_SIZE,
      TOLERANCE_GRAD, TOLERANCE_CHANGE, LINE_SEARCH, PIXEL_RANGE, ADAM_BETA1, ADAM_BETA2, LR_DECAY_EVERY,
      LR_DECAY_GAMMA, AVERAGE_DECAY, PRESERVE_COLORS, COLOR_TRANSFER, TILE, TILE_OVERLAP, OUTPUT_FORMAT);

  private static final Map<String, ParamDef<?>> BY_NAME = new LinkedHashMap<>();
  private static final Map<String, ParamDef<?>> BY_FLAG = new LinkedHashMap<>();

  static {
    ALL.forEach(def -> BY_NAME.put(def.name(), def));
    ALL.forEach(def -> BY_FLAG.put(def.flag(), def));
  }

  private StyleParamTable() {}

  /** The parameter with this name ({@code style_weight}) or flag ({@code --style-weight}). */
  public static ParamDef<?> find(String nameOrFlag) {
    ParamDef<?> def = nameOrFlag.startsWith("--") ? BY_FLAG.get(nameOrFlag) : BY_NAME.get(nameOrFlag);
    if (def == null) {
      throw new IllegalArgumentException(
          "unknown parameter '" + nameOrFlag + "'; known: " + String.join(", ", BY_NAME.keySet()));
    }
    return def;
  }

  public static boolean exists(String name) {
    return BY_NAME.containsKey(name);
  }

  private static List<String> reluLayers() {
    return allLayers().stream().filter(n -> !n.startsWith("pool")).toList();
  }

  private static List<String> allLayers() {
    return Vgg19Architecture.layers().stream().map(l -> l.name()).toList();
  }
}
