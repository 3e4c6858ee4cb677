package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.image.ColorTransfer;
import dev.restyle.image.DecodedImage;
import dev.restyle.image.Orientation;
import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import dev.restyle.image.ImageTensors;
import dev.restyle.model.Vgg19;
import dev.restyle.params.InitImage;
import dev.restyle.params.OptimizerSettings;
import dev.restyle.params.PixelRange;
import dev.restyle.params.PreserveColors;
import dev.restyle.params.StyleParams;
import dev.restyle.support.Digests;
import dev.restyle.transfer.optim.Adam;
import dev.restyle.transfer.optim.Bounds;
import dev.restyle.transfer.optim.IterateListener;
import dev.restyle.transfer.optim.Lbfgs;
import dev.restyle.transfer.optim.LossAndGradient;
import dev.restyle.transfer.optim.Objective;
import dev.restyle.transfer.optim.PixelOptimizer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One content image and one or more style images to one stylized image. Thread-safe: pairs share only
 * the read-only model, and everything a pair creates lives in its own manager, closed when it ends,
 * however it ends.
 *
 * <p>Pixels stay inside [0,1] as {@code pixel_range} says: every iterate is projected onto the box
 * ({@code project}), the optimizer moves u with pixels = sigmoid(u) ({@code sigmoid}), or, as in the
 * reference implementations, the optimizer works unconstrained and the result is clamped once, at the end
 * ({@code clamp_at_end}). Between scales the result is clamped and upsampled as a picture in every mode.
 *
 * <p>Two final losses are reported: the optimizer's last iterate's (the last evaluation), and the written
 * picture's: the encoded file decoded again (clamped, 8-bit, JPEG-compressed where it is JPEG), as the
 * objective sees it (after colour preservation; in luminance mode, its luminance). That costs one forward
 * pass, once, at the end. The written picture's SSIM against the resized content and its luminance spread
 * ({@link PictureQuality}) are measured on the same decoded pixels.
 *
 * <p>A pair is optimized at each scale of its {@link MultiScaleSchedule} in turn (one scale unless
 * {@code scales} is set), each scale starting from the previous result, upsampled.
 */
public final class PairOptimizer {

  private static final long UNCACHED = 0;
  /** Decorrelates the tile offsets from the noise init, which uses the same per-pair seed. */
  private static final long TILE_STREAM = 0x9E3779B97F4A7C15L;

  private final Vgg19 model;
  private final ImageLimits limits;
  private final StyleTargetCache styleCache;

  /** Without a shared cache: each pair computes its own style targets. */
  public PairOptimizer(Vgg19 model, ImageLimits limits) {
    this(model, limits, new StyleTargetCache(UNCACHED, model.device()));
  }

  /** @param styleCache shared by the pairs of this JVM on this model's device */
  public PairOptimizer(Vgg19 model, ImageLimits limits, StyleTargetCache styleCache) {
    this.model = model;
    this.limits = limits;
    this.styleCache = styleCache;
  }

  public PairResult optimize(PairInput input, StyleParams params, ProgressListener progress) {
    return optimize(input, params, progress, ProgressPictures.NONE);
  }

  /** @param pictures told the picture of every save_every-th iteration, when save_every is not 0 */
  public PairResult optimize(PairInput input, StyleParams params, ProgressListener progress,
      ProgressPictures pictures) {
    return optimize(input, params, progress, pictures, BatchSeat.NONE);
  }

  /**
   * As {@link #optimize(PairInput, StyleParams, ProgressListener, ProgressPictures)}, with the network passes
   * shared through {@code seat}. Multi-scale and tiled pairs leave their batch at once and run alone. The
   * seat is left when the optimization ends, before the written picture is measured, however it ends.
   */
  public PairResult optimize(PairInput input, StyleParams params, ProgressListener progress,
      ProgressPictures pictures, BatchSeat seat) {
    try {
      return optimizeSeated(input, params, progress, pictures, seat);
    } finally {
      seat.leave();
    }
  }

  private PairResult optimizeSeated(PairInput input, StyleParams params, ProgressListener progress,
      ProgressPictures pictures, BatchSeat seat) {
    long start = System.nanoTime();
    // The shared model with this pair's preprocessing (a view, auto resolved by the weights); checked first. In
    // bf16 the view returns the layers the losses read, cast back to fp32 (or it is fp32 where bf16 is not native).
    Vgg19 model = this.model.preprocessedAs(params.preprocessing()).inPrecision(params.precision(),
        layersRead(params.losses()));
    // Decoded no larger than needed: the largest scale is the size, and the style's is style_scale × size.
    int styleSide = (int) Math.max(1, Math.round(params.size() * params.styleScale()));
    DecodedImage decoded = ImageDecoder.decodeOriented(input.content(), input.contentName(), limits,
        params.size());
    BufferedImage content = decoded.image();
    List<ScaleStage.StyleSource> styles = new ArrayList<>();
    for (PairInput.Style style : input.styles()) {
      styles.add(styleSource(style, styleSide, params));
    }
    BufferedImage init = initPicture(input, params);
    double[] blend = params.styleBlendWeights(styles.size());
    List<MultiScaleSchedule.Stage> stages = MultiScaleSchedule.of(params).stages();
    if (stages.size() > 1) {
      seat.leave(); // a scale's end would stall the batch while the pair upsamples and builds the next one
    }
    SplittableRandom tileRandom = new SplittableRandom(params.seed() ^ TILE_STREAM);

    try (NDManager pair = NDManager.newBaseManager(model.device())) {
      LossRecorder recorder = new LossRecorder(params.schedule().logEvery(), params.iterations(), progress);
      NDArray image = null;
      boolean cacheHit = true;
      int done = 0;
      int unused = 0;
      for (int s = 0; s < stages.size(); s++) {
        MultiScaleSchedule.Stage stage = stages.get(s);
        try (ScaleStage scale = ScaleStage.open(model, styleCache, params, input.contentName(), content, styles,
            blend, stage.size(), pair, tileRandom, seat)) {
          cacheHit &= scale.cacheHit();
          image = image == null ? initialImage(params, scale, init, pair) : upsampled(image, scale, pair);
          recorder.beginScale(stage.size());
          int budget = stage.iterations() + unused; // what a converged coarser scale left passes on
          PixelOptimizer optimizer = optimizerFor(params);
          Objective objective = recorded(scale, params, recorder, pictures);
          boolean sigmoid = params.pixelRange() == PixelRange.SIGMOID;
          IterateAverage average = params.averageDecay() > 0 ? new IterateAverage(image, params.averageDecay()) : null;
          IterateListener iterates = average == null ? IterateListener.NONE
              : sigmoid ? u -> {
                try (NDArray pixels = SigmoidPixels.pixels(u)) {
                  average.update(pixels);
                }
              } : average::update;
          int used;
          if (sigmoid) {
            NDArray latent = SigmoidPixels.latent(image);
            image.close();
            used = optimizer.minimize(latent, SigmoidPixels.of(objective), budget, iterates);
            image = SigmoidPixels.pixels(latent);
            latent.close();
          } else {
            used = optimizer.minimize(image, objective, budget, iterates);
          }
          if (average != null) {
            // As crowsonkb's tool: the average is the scale's result, so the next scale starts from it too.
            image.close();
            image = average.average(pair);
            average.close();
          }
          done += used;
          unused = budget - used;
          if (s == stages.size() - 1) {
            seat.leave(); // measuring the written picture is the pair's own work
            recorder.finish();
            return finish(image, scale, params, recorder, done, start, cacheHit, decoded.orientation(), pictures);
          }
        }
      }
      throw new IllegalStateException("a schedule has at least one scale");
    }
  }

  /** The layers the objective reads: the content layer and the style layers. */
  private static List<String> layersRead(StyleParams.Losses losses) {
    List<String> layers = new ArrayList<>(losses.styleLayers());
    layers.add(losses.contentLayer());
    return layers;
  }

  /**
   * A style keyed by its version when it has one, so its bytes are fetched only on a cache miss; else by the
   * digest of its bytes. The side it is decoded for is part of the key: a large photo is decoded at a
   * reduced scale that depends on it. Its mask goes where the content goes: turned upright by its own
   * orientation, resized to the output.
   */
  private ScaleStage.StyleSource styleSource(PairInput.Style style, int decodeSide, StyleParams params) {
    String decoded = "|decoded:" + decodeSide;
    PairInput.Mask mask = style.mask();
    BufferedImage maskImage = mask == null ? null
        : ImageDecoder.decodeOriented(mask.bytes(), "style mask " + mask.name(), limits, params.size()).image();
    String maskName = mask == null ? null : mask.name();
    if (style.version() != null) {
      return new ScaleStage.StyleSource(style.name(), "version:" + style.version() + decoded,
          () -> ImageDecoder.decodeOriented(read(style), style.name(), limits, decodeSide).image(), maskImage,
          maskName);
    }
    byte[] bytes = read(style);
    return new ScaleStage.StyleSource(style.name(), Digests.sha256(bytes) + decoded,
        () -> ImageDecoder.decodeOriented(bytes, style.name(), limits, decodeSide).image(), maskImage, maskName);
  }

  private static byte[] read(PairInput.Style style) {
    try {
      return style.bytes().read();
    } catch (IOException e) {
      throw new UncheckedIOException(e.getMessage(), e);
    }
  }

  private PairResult finish(NDArray image, ScaleStage scale, StyleParams params, LossRecorder recorder, int done,
      long start, boolean cacheHit, Orientation contentOrientation, ProgressPictures pictures) {
    byte[] encoded = encoded(image, scale, params);
    if (params.saveEvery() > 0 && done % params.saveEvery() == 0) {
      // The output itself: Adam's is one step past its last evaluation, which the loop's picture shows.
      pictures.write(done, encoded);
    }
    float[] writtenPixels = written(encoded, scale);
    LossValues written;
    try (NDArray measured = ImageTensors.toTensor(asSeen(writtenPixels, params), scale.width(),
        scale.height(), image.getManager())) {
      written = scale.objective().measure(measured);
    }
    PictureQuality quality = PictureQuality.of(writtenPixels, scale.contentRgb(), scale.width(), scale.height());
    return new PairResult(encoded, params.outputFormat(), scale.width(), scale.height(), recorder.first(), written,
        recorder.last(), recorder.history(), done, (System.nanoTime() - start) / 1_000_000,
        recorder.medianMillisPerIteration(), cacheHit, contentOrientation, quality);
  }

  /** An iterate as a picture, the way the output is written: clamped, colours preserved, encoded. */
  private static byte[] encoded(NDArray image, ScaleStage scale, StyleParams params) {
    float[] optimized;
    try (NDArray clamped = image.clip(0f, 1f)) {
      optimized = ImageTensors.toChw(clamped);
    }
    float[] picture = switch (params.preserveColors()) {
      case POST -> ColorTransfer.keepChroma(optimized, scale.contentRgb());
      case LUMINANCE -> LuminanceTransfer.recombine(optimized, scale.contentRgb());
      default -> optimized;
    };
    return ImageEncoder.encode(ImageTensors.toImage(picture, scale.width(), scale.height()), params.outputFormat());
  }

  /** The written file's pixels, decoded again: what a reader of the output gets. */
  private static float[] written(byte[] encoded, ScaleStage scale) {
    ImageLimits exactly = new ImageLimits((long) scale.width() * scale.height(), 1);
    return ImageTensors.toChw(ImageDecoder.decode(encoded, "the written picture", exactly));
  }

  /** A picture as the objective sees it: in luminance mode, its luminance. */
  private static float[] asSeen(float[] picture, StyleParams params) {
    return params.preserveColors() == PreserveColors.LUMINANCE ? LuminanceTransfer.grayscale(picture) : picture;
  }

  /**
   * The scale's objective, recording every evaluation, and writing the picture of every save_every-th
   * iteration but the last, which {@link #finish} writes from the output.
   */
  private static Objective recorded(ScaleStage scale, StyleParams params, LossRecorder recorder,
      ProgressPictures pictures) {
    ImageObjective objective = scale.objective();
    int every = params.saveEvery();
    return (x, scope) -> {
      ImageObjective.Result result = objective.evaluate(x, scope);
      recorder.record(result.losses(), result.sharedBy());
      int iteration = recorder.latestIteration();
      if (every > 0 && iteration % every == 0 && iteration < params.iterations()) {
        pictures.write(iteration, encoded(x, scale, params));
      }
      return new LossAndGradient(result.losses().total(), result.gradient());
    };
  }

  static PixelOptimizer optimizerFor(StyleParams params) {
    OptimizerSettings settings = params.optimizer();
    Bounds bounds = params.pixelRange() == PixelRange.PROJECT ? Bounds.UNIT_BOX : Bounds.NONE;
    if (settings instanceof OptimizerSettings.Adam adam) {
      return new Adam(adam.learningRate(), adam.beta1(), adam.beta2(), adam.decayEvery(), adam.decayGamma(),
          bounds);
    }
    OptimizerSettings.Lbfgs lbfgs = (OptimizerSettings.Lbfgs) settings;
    return new Lbfgs(lbfgs.learningRate(), lbfgs.historySize(), lbfgs.toleranceGrad(), lbfgs.toleranceChange(),
        lbfgs.lineSearch(), bounds);
  }

  /**
   * The previous scale's result as the start of this one: clamped, upsampled bicubically as a picture (as
   * the content image itself was resized), replacing {@code previous}.
   */
  private static NDArray upsampled(NDArray previous, ScaleStage scale, NDManager pair) {
    BufferedImage picture = ImageTensors.toImage(previous);
    previous.close();
    return ImageTensors.toTensor(ImageResizer.toSize(picture, scale.width(), scale.height()), pair);
  }

  /**
   * The picture to start from, decoded like the content (limits, orientation, sRGB, reduced for large
   * photos); null unless init is image. Its messages name it as the init image.
   */
  private BufferedImage initPicture(PairInput input, StyleParams params) {
    if (params.init() != InitImage.IMAGE) {
      return null;
    }
    if (input.init() == null) {
      throw new IllegalArgumentException("init is image, but the pair has no picture to start from");
    }
    return ImageDecoder.decodeOriented(input.init().bytes(), "init image " + input.init().name(), limits,
        params.size()).image();
  }

  private static NDArray initialImage(StyleParams params, ScaleStage scale, BufferedImage init, NDManager pair) {
    switch (params.init()) {
      case IMAGE:
        // Stretched to the output, as jcjohnson's -init image is; seen as the objective sees pictures.
        BufferedImage resized = ImageResizer.toSize(init, scale.width(), scale.height());
        return ImageTensors.toTensor(asSeen(ImageTensors.toChw(resized), params), scale.width(), scale.height(), pair);
      case NOISE:
        // A per-pair generator: Engine.setRandomSeed is process-wide and would couple concurrent pairs.
        Shape shape = scale.contentPixels().getShape();
        float[] noise = new float[(int) shape.size()];
        SplittableRandom random = new SplittableRandom(params.seed());
        for (int i = 0; i < noise.length; i++) {
          noise[i] = (float) random.nextDouble();
        }
        return pair.create(noise, shape);
      case STYLE:
        return ImageTensors.toTensor(scale.initialStyle(), scale.width(), scale.height(), pair);
      default:
        NDArray copy = scale.contentPixels().duplicate();
        copy.attach(pair); // the copy is born in the scale's manager, which closes before the pair ends
        return copy;
    }
  }
}
