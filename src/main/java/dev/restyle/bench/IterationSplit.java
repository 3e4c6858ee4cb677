package dev.restyle.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.image.ImageTensors;
import dev.restyle.model.Autograd;
import dev.restyle.model.GraphConstants;
import dev.restyle.model.Vgg19;
import dev.restyle.params.LineSearch;
import dev.restyle.params.StyleParams;
import dev.restyle.transfer.ContentLoss;
import dev.restyle.transfer.StyleLoss;
import dev.restyle.transfer.StyleTargets;
import dev.restyle.transfer.StyleTransferObjective;
import dev.restyle.transfer.optim.Adam;
import dev.restyle.transfer.optim.Bounds;
import dev.restyle.transfer.optim.Lbfgs;
import dev.restyle.transfer.optim.LossAndGradient;
import dev.restyle.transfer.optim.Objective;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One iteration taken apart with timers, median over rounds, on the bench's synthetic pair with the default
 * losses: the network's forward pass, the losses on its taps (content, the Gram matrices and their comparison;
 * in bf16 also the casts of the taps back to fp32, which run inside the forward timer), the backward pass to the
 * pixels, and the optimizer's own vector work, measured on a cheap stand-in objective of the same size (a
 * diagonal quadratic, whose cost is measured alone and taken off).
 *
 * <p>Timers, not libtorch's profiler: the profiler is not reachable through DJL's API, and on the CPU each op
 * returns when it is done, so a wall-clock timer around a group of ops measures that group. Each timed group
 * ends by reading a value to the host, which also holds on a GPU, where kernels are asynchronous.
 *
 * @param forwardMs the network, image to taps
 * @param lossMs content and style losses from the taps, to the weighted total
 * @param backwardMs the gradient of the total with respect to the pixels, through losses and network
 * @param adamMs one Adam step (moments, bias correction, update)
 * @param lbfgsEarlyMs one L-BFGS step in the bench's first iterations (history as short as the run so far)
 * @param lbfgsFullMs one L-BFGS step with a full history (100 pairs by default), as in a long run
 */
record IterationSplit(double forwardMs, double lossMs, double backwardMs, double adamMs, double lbfgsEarlyMs,
    double lbfgsFullMs) {

  private static final int EARLY_ITERATIONS = 10;

  /** The split at {@code size} px through {@code model} (already in the precision to measure). */
  static IterationSplit measure(Vgg19 model, int size, int rounds, int lbfgsHistory) {
    StyleParams.Losses losses = StyleParams.defaults().losses();
    try (NDManager pair = NDManager.newBaseManager(model.device())) {
      NDArray content = ImageTensors.toTensor(SyntheticImages.gradient(size), pair);
      NDArray style = ImageTensors.toTensor(SyntheticImages.stripes(size), pair);
      NDArray contentTarget = StyleTransferObjective.contentTarget(model, content, losses.contentLayer(), pair);
      List<Double> forward = new ArrayList<>();
      List<Double> loss = new ArrayList<>();
      List<Double> backward = new ArrayList<>();
      try (StyleTargets targets = StyleTargets.compute(model, style, losses.styleLayers(), pair)) {
        for (int round = 0; round <= rounds; round++) { // round 0 warms up
          try (NDManager scope = pair.newSubManager()) {
            NDArray leaf = Autograd.leafOf(content, scope);
            double[] ms = Autograd.withGradMode(true, () -> {
              long start = System.nanoTime();
              NDList features = model.features(leaf);
              features.get(features.size() - 1).get(0, 0, 0, 0).getFloat(); // done when its deepest tap is read
              long forwardEnd = System.nanoTime();
              NDArray total;
              try (NDArray contentLoss = ContentLoss.of(features.get(losses.contentLayer()), contentTarget);
                  NDArray styleLoss = StyleLoss.of(features, targets, losses.styleLayerWeights());
                  NDArray weightedContent = GraphConstants.times(contentLoss, losses.weights().content());
                  NDArray weightedStyle = GraphConstants.times(styleLoss, losses.weights().style())) {
                total = weightedContent.add(weightedStyle);
              }
              total.getFloat();
              long lossEnd = System.nanoTime();
              NDArray gradient = Autograd.gradient(total, leaf);
              gradient.get(0, 0, 0, 0).getFloat();
              long end = System.nanoTime();
              return new double[] {(forwardEnd - start) / 1e6, (lossEnd - forwardEnd) / 1e6, (end - lossEnd) / 1e6};
            });
            if (round > 0) {
              forward.add(ms[0]);
              loss.add(ms[1]);
              backward.add(ms[2]);
            }
          }
        }
      }
      Shape shape = content.getShape();
      double adam = optimizerMs(pair, shape, false, lbfgsHistory, EARLY_ITERATIONS * 2)[0];
      double[] lbfgs = optimizerMs(pair, shape, true, lbfgsHistory, lbfgsHistory + EARLY_ITERATIONS + 1);
      return new IterationSplit(BenchRounds.median(forward), BenchRounds.median(loss), BenchRounds.median(backward),
          adam, lbfgs[0], lbfgs[1]);
    }
  }

  /**
   * ms per step of the optimizer's own work on a diagonal quadratic ½·Σ d·(x − c)² of {@code shape}: median over
   * the first {@value #EARLY_ITERATIONS} steps and over the last {@value #EARLY_ITERATIONS}, less the median cost
   * of evaluating the quadratic alone. The quadratic's curvatures d vary (0.5–2), so L-BFGS keeps every pair.
   */
  private static double[] optimizerMs(NDManager owner, Shape shape, boolean lbfgs, int history, int iterations) {
    try (NDManager scope = owner.newSubManager()) {
      int n = (int) shape.size();
      float[] curvature = new float[n];
      float[] centre = new float[n];
      SplittableRandom random = new SplittableRandom(17);
      for (int i = 0; i < n; i++) {
        curvature[i] = (float) (0.5 + 1.5 * random.nextDouble());
        centre[i] = (float) random.nextDouble();
      }
      NDArray d = scope.create(curvature, shape);
      NDArray c = scope.create(centre, shape);
      Objective quadratic = (x, s) -> {
        try (NDArray diff = x.sub(c); NDArray scaled = diff.mul(d); NDArray product = scaled.mul(diff)) {
          double value = 0.5 * product.sum().getFloat();
          NDArray gradient = diff.mul(d);
          gradient.attach(s);
          return new LossAndGradient(value, gradient);
        }
      };
      List<Double> objectiveMs = new ArrayList<>();
      NDArray x = scope.zeros(shape);
      for (int i = 0; i < EARLY_ITERATIONS; i++) {
        try (NDManager s = scope.newSubManager()) {
          long start = System.nanoTime();
          quadratic.evaluate(x, s).gradient().close();
          objectiveMs.add((System.nanoTime() - start) / 1e6);
        }
      }
      List<Long> stamps = new ArrayList<>();
      stamps.add(System.nanoTime());
      if (lbfgs) {
        new Lbfgs(1, history, 0, 0, LineSearch.NONE, Bounds.NONE).minimize(x, quadratic, iterations,
            iterate -> stamps.add(System.nanoTime()));
      } else {
        new Adam(0.02, 0.9, 0.999, 0, 0.5, Bounds.NONE).minimize(x, quadratic, iterations,
            iterate -> stamps.add(System.nanoTime()));
      }
      List<Double> steps = new ArrayList<>();
      for (int i = 1; i < stamps.size(); i++) {
        steps.add((stamps.get(i) - stamps.get(i - 1)) / 1e6);
      }
      double objective = BenchRounds.median(objectiveMs);
      int k = Math.min(EARLY_ITERATIONS, steps.size());
      double early = BenchRounds.median(steps.subList(1, Math.max(2, k))) - objective; // step 0 has no history
      double late = BenchRounds.median(steps.subList(steps.size() - k, steps.size())) - objective;
      return new double[] {Math.max(0, early), Math.max(0, late)};
    }
  }
}
