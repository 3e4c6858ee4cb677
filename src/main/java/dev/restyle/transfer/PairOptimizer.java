package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import dev.restyle.image.ImageTensors;
import dev.restyle.model.Vgg19;
import dev.restyle.transfer.optim.Adam;
import dev.restyle.transfer.optim.Lbfgs;
import dev.restyle.transfer.optim.LossAndGradient;
import dev.restyle.transfer.optim.Objective;
import dev.restyle.transfer.optim.PixelOptimizer;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * One content/style pair to one stylized image. Thread-safe: pairs share only the read-only model, and
 * everything a pair creates lives in its own manager, closed when it ends, however it ends.
 *
 * <p>Pixels stay valid as in the reference implementations: the optimizer works unconstrained and the
 * result is clamped into [0,1] once, at the end; the reported final losses are those of the clamped
 * image.
 */
public final class PairOptimizer {

  private static final long UNCACHED = 0;

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
    long start = System.nanoTime();
    BufferedImage content = ImageResizer.forNetwork(
        ImageDecoder.decode(input.content(), input.contentName(), limits), params.size(), input.contentName());
    BufferedImage style = ImageResizer.forNetwork(
        ImageDecoder.decode(input.style(), input.styleName(), limits),
        (int) Math.max(1, Math.round(params.size() * params.styleScale())), input.styleName());

    StyleTargetCache.Key styleKey = new StyleTargetCache.Key(Digests.sha256(input.style()), style.getWidth(),
        style.getHeight(), params.styleLayers(), params.pooling(), model.weightsId());
    try (NDManager pair = NDManager.newBaseManager(model.device());
        StyleTargetCache.Lease styleTargets = styleCache.acquire(styleKey,
            owner -> StyleTargets.compute(model, ImageTensors.toTensor(style, pair), params.styleLayers(), owner))) {
      NDArray contentPixels = ImageTensors.toTensor(content, pair);
      StyleTransferObjective objective = new StyleTransferObjective(
          model,
          params.contentLayer(),
          StyleTransferObjective.contentTarget(model, contentPixels, params.contentLayer(), pair),
          styleTargets.targets(),
          params.styleLayerWeights(),
          params.lossWeights());

      NDArray image = initialImage(params, contentPixels, style, pair);
      LossRecorder recorder = new LossRecorder(params.logEvery(), params.iterations(), progress);
      Objective recorded = (x, scope) -> {
        Evaluation evaluation = objective.evaluate(x, scope);
        LossValues losses = evaluation.terms().values();
        recorder.record(losses);
        return new LossAndGradient(losses.total(), evaluation.gradient());
      };
      int done = optimizerFor(params).minimize(image, recorded, params.iterations());
      recorder.finish();

      NDArray clamped = image.clip(0f, 1f);
      LossValues last = objective.measure(clamped).values();
      byte[] encoded = ImageEncoder.encode(ImageTensors.toImage(clamped), params.outputFormat());
      return new PairResult(encoded, params.outputFormat(), content.getWidth(), content.getHeight(),
          recorder.first(), last, recorder.history(), done, (System.nanoTime() - start) / 1_000_000,
          recorder.medianMillisPerIteration(), styleTargets.hit());
    }
  }

  static PixelOptimizer optimizerFor(StyleParams params) {
    if (params.optimizer().equals("adam")) {
      return new Adam(params.learningRate(), params.adamBeta1(), params.adamBeta2(), params.lrDecayEvery(),
          params.lrDecayGamma());
    }
    return new Lbfgs(params.learningRate(), params.historySize(), params.toleranceGrad(), params.toleranceChange(),
        dev.restyle.transfer.optim.LineSearch.parse(params.lineSearch()));
  }

  private static NDArray initialImage(
      StyleParams params, NDArray contentPixels, BufferedImage style, NDManager pair) {
    switch (params.init()) {
      case "noise":
        // A per-pair generator: Engine.setRandomSeed is process-wide and would couple concurrent pairs.
        Shape shape = contentPixels.getShape();
        float[] noise = new float[(int) shape.size()];
        SplittableRandom random = new SplittableRandom(params.seed());
        for (int i = 0; i < noise.length; i++) {
          noise[i] = (float) random.nextDouble();
        }
        return pair.create(noise, shape);
      case "style":
        int height = (int) contentPixels.getShape().get(2);
        int width = (int) contentPixels.getShape().get(3);
        return ImageTensors.toTensor(ImageResizer.toSize(style, width, height), pair);
      default:
        return contentPixels.duplicate();
    }
  }
}
