package dev.restyle.transfer;

import static dev.restyle.params.StyleParamTable.ITERATIONS;
import static dev.restyle.params.StyleParamTable.OPTIMIZER;
import static dev.restyle.params.StyleParamTable.SIZE;
import static dev.restyle.params.StyleParamTable.STYLE_WEIGHT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageTensors;
import dev.restyle.model.Pooling;
import dev.restyle.model.SeededVgg19Weights;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Loader;
import dev.restyle.model.WeightsSource;
import dev.restyle.params.LineSearch;
import dev.restyle.params.LossWeights;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParams;
import dev.restyle.testing.SeededModel;
import dev.restyle.transfer.optim.Adam;
import dev.restyle.transfer.optim.Lbfgs;
import dev.restyle.transfer.optim.LossAndGradient;
import dev.restyle.transfer.optim.PixelOptimizer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 15: pairs optimized in one batch give each the result it gets alone. The pairs differ in content,
 * style, weights and iterations, so equal results cannot come from the batch mixing them up; every batched
 * run is checked to have really shared its passes ({@link BatchSeat#largestPass}).
 */
class PairBatchTest {

  private static final int PX = 32;
  private static final List<String> STYLE_LAYERS = List.of("relu1_1", "relu2_1", "relu3_1", "relu4_1", "relu5_1");

  @RegisterExtension
  static final SeededModel seeded = new SeededModel(0, "relu5_1");

  private static ExecutorService threads;

  @BeforeAll
  static void start() {
    threads = Executors.newCachedThreadPool();
  }

  @AfterAll
  static void stop() {
    threads.shutdownNow();
  }

  private static PairInput pair(String content, String style) {
    return new PairInput(content, QualityFixtures.sample("content/" + content), style,
        QualityFixtures.sample("style/" + style));
  }

  private static final List<PairInput> PAIRS = List.of(
      pair("sunset_hills.png", "mosaic.png"), pair("house_by_lake.png", "swirls.png"),
      pair("sunset_hills.png", "brush_strokes.png"), pair("house_by_lake.png", "mosaic.png"));

  private static StyleParams params(Optimizer optimizer, int iterations, double styleWeight) {
    return StyleParams.builder().set(SIZE, PX).set(OPTIMIZER, optimizer).set(ITERATIONS, iterations)
        .set(STYLE_WEIGHT, styleWeight).build();
  }

  /** Different weights and budgets per pair: the last one stops early and leaves the batch. */
  private static List<StyleParams> adamParams() {
    return List.of(params(Optimizer.ADAM, 6, 1e6), params(Optimizer.ADAM, 6, 1e5), params(Optimizer.ADAM, 6, 1e7),
        params(Optimizer.ADAM, 3, 1e6));
  }

  private static PairOptimizer optimizer() {
    return new PairOptimizer(seeded.model(), ImageLimits.DEFAULT);
  }

  /**
   * In float32, through the whole pair (decoding, targets, the written picture), against float rounding:
   * 1e-4, or 3× what the pair alone moves by when only its convolutions' summation order changes (one
   * intra-op thread instead of two), whichever is larger. One evaluation's gradient differs by about 6e-7
   * of its largest element between a batch and the pair alone; Adam's first steps move every pixel by the
   * learning rate whatever its gradient's size, so that rounding grows with every iteration, most at a
   * large style weight (pair 2, 1e7: 4.4e-4 batched at 6 iterations, 4.2e-4 on one thread), and where a
   * gradient is near zero its sign, and so a few pixels, flip. The exact checks are in float64, below.
   */
  @Test
  void adamPairsInABatchEndAsTheyDoAloneWithinFloatRounding() throws Exception {
    List<StyleParams> params = adamParams();
    List<PairResult> alone = new ArrayList<>();
    List<PairResult> oneThread = new ArrayList<>();
    for (int i = 0; i < PAIRS.size(); i++) {
      PairInput pair = PAIRS.get(i);
      StyleParams own = params.get(i);
      alone.add(optimizer().optimize(pair, own, ProgressListener.NONE));
      oneThread.add(onOneThread(() -> optimizer().optimize(pair, own, ProgressListener.NONE)));
    }
    Batched<PairResult> batched = inBatch(PAIRS.size(),
        (i, seat) -> optimizer().optimize(PAIRS.get(i), params.get(i), ProgressListener.NONE, ProgressPictures.NONE,
            seat));

    for (int i = 0; i < PAIRS.size(); i++) {
      PairResult own = batched.results.get(i);
      double rounding = relative(oneThread.get(i).lastIterate().total(), alone.get(i).lastIterate().total());
      assertThat(rounding).as("pair %d's rounding floor", i).isLessThan(2e-3);
      assertThat(relative(own.lastIterate().total(), alone.get(i).lastIterate().total())).as("pair %d", i)
          .isLessThan(Math.max(1e-4, 3 * rounding));
      assertThat(meanPixelDifference(own, alone.get(i))).as("pair %d's pixels, in levels", i)
          .isLessThan(Math.max(0.25, 3 * meanPixelDifference(oneThread.get(i), alone.get(i))));
      assertThat(own.iterationsDone()).isEqualTo(alone.get(i).iterationsDone());
      assertThat(batched.largestPasses.get(i)).isEqualTo(4);
    }
    // The control: the pairs' own results are far apart, so the match above is each pair's own.
    assertThat(relative(alone.get(0).lastIterate().total(), alone.get(3).lastIterate().total())).isGreaterThan(0.05);
    assertThat(relative(alone.get(0).lastIterate().total(), alone.get(1).lastIterate().total())).isGreaterThan(0.05);
  }

  /** Adam in float64, 20 iterations, one pair leaving after 8: every evaluation equals its run alone to 1e-9. */
  @Test
  void adamTrajectoriesInFloat64EqualTheirRunsAloneTo1e9() throws Exception {
    assertBatchedTrajectoriesEqualAlone(pair -> new Adam(0.02, 0.9, 0.999, 0, 1), new int[] {20, 20, 8}, 1e-9);
  }

  private static <T> T onOneThread(java.util.function.Supplier<T> work) {
    int threads = ai.djl.pytorch.jni.JniUtils.getNumThreads();
    ai.djl.pytorch.jni.JniUtils.setNumThreads(1);
    try {
      return work.get();
    } finally {
      ai.djl.pytorch.jni.JniUtils.setNumThreads(threads);
    }
  }

  /** L-BFGS in float32 with strong Wolfe: line searches make the pairs' evaluation counts differ. */
  @Test
  void lbfgsPairsInABatchAreWithin2PercentAtIteration30() throws Exception {
    List<StyleParams> params = List.of(
        params(Optimizer.LBFGS, 30, 1e6).with(Map.of("line_search", "strong_wolfe")),
        params(Optimizer.LBFGS, 30, 1e5), params(Optimizer.LBFGS, 30, 1e7).with(Map.of("line_search", "strong_wolfe")));
    List<PairResult> alone = new ArrayList<>();
    for (int i = 0; i < params.size(); i++) {
      alone.add(optimizer().optimize(PAIRS.get(i), params.get(i), ProgressListener.NONE));
    }
    Batched<PairResult> batched = inBatch(params.size(),
        (i, seat) -> optimizer().optimize(PAIRS.get(i), params.get(i), ProgressListener.NONE, ProgressPictures.NONE,
            seat));
    for (int i = 0; i < params.size(); i++) {
      assertThat(relative(batched.results.get(i).lastIterate().total(), alone.get(i).lastIterate().total()))
          .as("pair %d", i).isLessThan(0.02);
      assertThat(batched.largestPasses.get(i)).isEqualTo(3);
    }
  }

  /**
   * L-BFGS in float64 with strong Wolfe (line searches make the pairs' evaluation counts differ), one pair
   * stopping after 9 evaluations: every evaluation of every pair equals its run alone to 1e-6.
   */
  @Test
  void lbfgsTrajectoriesInFloat64EqualTheirRunsAloneTo1e6() throws Exception {
    assertBatchedTrajectoriesEqualAlone(pair -> new Lbfgs(1, 100, 1e-9, 1e-12, LineSearch.STRONG_WOLFE),
        new int[] {20, 20, 9}, 1e-6);
  }

  /**
   * A pair with normalized gradients among plain ones: their terms cannot be stacked, so each pair's are
   * computed on its own slice of the batch's activations; the network passes are still shared.
   */
  @Test
  void pairsWhoseTermsDifferShareTheirPassesAndEqualTheirRunsAlone() throws Exception {
    assertBatchedTrajectoriesEqualAlone(pair -> new Adam(0.02, 0.9, 0.999, 0, 1), new int[] {10, 10, 10}, 1e-9,
        pair -> pair == 1);
  }

  private void assertBatchedTrajectoriesEqualAlone(java.util.function.IntFunction<PixelOptimizer> optimizers,
      int[] evaluations, double tolerance) throws Exception {
    assertBatchedTrajectoriesEqualAlone(optimizers, evaluations, tolerance, pair -> false);
  }

  private void assertBatchedTrajectoriesEqualAlone(java.util.function.IntFunction<PixelOptimizer> optimizers,
      int[] evaluations, double tolerance, java.util.function.IntPredicate normalized) throws Exception {
    try (Vgg19 model64 = Vgg19Loader.load(SeededVgg19Weights.stateDict(0, Vgg19Architecture.layer("relu5_1")),
        new WeightsSource.Untrained(0).spec(), SeededVgg19Weights.id(0), Vgg19Architecture.layer("relu5_1"),
        Pooling.MAX, Device.cpu(), DataType.FLOAT64);
        NDManager manager = NDManager.newBaseManager()) {
      int pairs = evaluations.length;
      List<StyleTransferObjective> objectives = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        objectives.add(float64Objective(model64, i, normalized.test(i), manager));
      }
      // Which way the batch computes its terms: all at once, or each pair's on its own slice.
      boolean mixed = java.util.stream.IntStream.range(0, pairs).anyMatch(normalized);
      assertThat(StackedGramPass.of(objectives) == null).isEqualTo(mixed);
      List<List<Double>> alone = new ArrayList<>();
      for (int i = 0; i < pairs; i++) {
        alone.add(totals(optimizers.apply(i), objectives.get(i), BatchSeat.NONE, i, evaluations[i], manager));
      }
      Batched<List<Double>> batched = inBatch(pairs,
          (i, seat) -> totals(optimizers.apply(i), objectives.get(i), seat, i, evaluations[i], manager));

      for (int i = 0; i < pairs; i++) {
        List<Double> own = batched.results.get(i);
        assertThat(own).hasSameSizeAs(alone.get(i));
        for (int k = 0; k < own.size(); k++) {
          assertThat(relative(own.get(k), alone.get(i).get(k))).as("pair %d evaluation %d", i, k + 1)
              .isLessThan(tolerance);
        }
        assertThat(batched.largestPasses.get(i)).isEqualTo(pairs);
      }
      int last = alone.get(0).size() - 1;
      assertThat(relative(alone.get(0).get(last), alone.get(1).get(last))).isGreaterThan(0.05); // the control
    }
  }

  /** A pair that fails mid-way leaves: its partner ends as it does alone. */
  @Test
  void aPairThatFailsMidWayLeavesAndTheOthersGoOn() throws Exception {
    List<StyleParams> params = adamParams();
    PairResult alone = optimizer().optimize(PAIRS.get(0), params.get(0), ProgressListener.NONE);
    ProgressListener failsAtThree = new ProgressListener() {
      @Override
      public void onRecorded(HistoryPoint point, int totalIterations, double iterationsPerSecond) {}

      @Override
      public void onIteration(int iteration) {
        if (iteration == 3) {
          throw new IllegalStateException("pair 1 gives up at iteration 3");
        }
      }
    };
    Batched<PairResult> batched = inBatch(2, (i, seat) -> optimizer().optimize(PAIRS.get(i), params.get(i),
        i == 1 ? failsAtThree : ProgressListener.NONE, ProgressPictures.NONE, seat));

    assertThat(batched.failures.get(1)).hasMessageContaining("gives up at iteration 3");
    assertThat(relative(batched.results.get(0).lastIterate().total(), alone.lastIterate().total())).isLessThan(1e-4);
    assertThat(batched.largestPasses.get(0)).isEqualTo(2);
  }

  @Test
  void aBatchHandsOutOnlyItsSeats() {
    PairBatch batch = new PairBatch(1);
    batch.seat();
    assertThatThrownBy(batch::seat).hasMessageContaining("all 1 seats");
    assertThatThrownBy(() -> new PairBatch(0)).hasMessageContaining("at least one pair");
  }

  /** The total loss of every evaluation of one pair's optimization from noise. */
  private static List<Double> totals(PixelOptimizer optimizer, StyleTransferObjective objective, BatchSeat seat,
      int pair, int evaluations, NDManager manager) {
    ImageObjective shared = seat.objective(objective);
    List<Double> totals = new ArrayList<>();
    try (NDManager own = manager.newSubManager()) {
      NDArray image = noise(own, 100 + pair);
      optimizer.minimize(image, (x, scope) -> {
        ImageObjective.Result result = shared.evaluate(x, scope);
        totals.add(result.losses().total());
        return new LossAndGradient(result.losses().total(), result.gradient());
      }, evaluations);
    } finally {
      seat.leave();
    }
    return totals;
  }

  private static StyleTransferObjective float64Objective(Vgg19 model, int pair, boolean normalized,
      NDManager manager) {
    Map<String, Double> layerWeights = new LinkedHashMap<>();
    STYLE_LAYERS.forEach(layer -> layerWeights.put(layer, 1.0));
    NDArray content = noise(manager, pair);
    NDArray style = noise(manager, 50 + pair);
    return new StyleTransferObjective(model, "relu4_2",
        StyleTransferObjective.contentTarget(model, content, "relu4_2", manager),
        StyleTargets.compute(model, style, STYLE_LAYERS, manager), layerWeights,
        new LossWeights(1, Math.pow(10, 4 + pair), 1e-3, normalized));
  }

  private static NDArray noise(NDManager manager, long seed) {
    SplittableRandom random = new SplittableRandom(seed);
    double[] values = new double[3 * PX * PX];
    for (int i = 0; i < values.length; i++) {
      values[i] = random.nextDouble();
    }
    return manager.create(values, new Shape(1, 3, PX, PX));
  }

  private static double relative(double actual, double expected) {
    return Math.abs(actual - expected) / Math.abs(expected);
  }

  private static double meanPixelDifference(PairResult a, PairResult b) {
    float[] x = ImageTensors.toChw(QualityFixtures.decode(a.image()));
    float[] y = ImageTensors.toChw(QualityFixtures.decode(b.image()));
    double sum = 0;
    for (int i = 0; i < x.length; i++) {
      sum += Math.round(Math.abs(x[i] - y[i]) * 255);
    }
    return sum / x.length;
  }

  @FunctionalInterface
  private interface SeatedWork<T> {
    T run(int pair, BatchSeat seat);
  }

  /** Each pair's result (null where it failed), its failure, and its largest shared pass. */
  private record Batched<T>(List<T> results, List<Throwable> failures, List<Integer> largestPasses) {}

  /** Runs {@code size} pairs of one batch, each on its own thread, as an executor task does. */
  private static <T> Batched<T> inBatch(int size, SeatedWork<T> work) throws InterruptedException {
    PairBatch batch = new PairBatch(size);
    List<BatchSeat> seats = new ArrayList<>();
    List<Future<T>> futures = new ArrayList<>();
    for (int i = 0; i < size; i++) {
      BatchSeat seat = batch.seat();
      seats.add(seat);
      int pair = i;
      futures.add(threads.submit(() -> work.run(pair, seat)));
    }
    List<T> results = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (Future<T> future : futures) {
      try {
        results.add(future.get());
        failures.add(null);
      } catch (ExecutionException e) {
        results.add(null);
        failures.add(e.getCause());
      }
    }
    return new Batched<>(results, failures, seats.stream().map(BatchSeat::largestPass).toList());
  }
}
