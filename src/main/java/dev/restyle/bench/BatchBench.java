package dev.restyle.bench;

import dev.restyle.support.DaemonThreads;
import dev.restyle.model.Precision;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.transfer.BatchSeat;
import dev.restyle.transfer.PairBatch;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.ProgressListener;
import dev.restyle.transfer.ProgressPictures;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * {@code restyle bench --batch 1,2,4,8}: ms per pair-iteration and pairs/hour of pairs optimized together in
 * one {@link PairBatch}, per optimizer and size. Every batch size of a row is measured in each round, in an
 * order that reverses from round to round, and each is compared with batch 1 within its round: drift on a
 * shared machine moves a whole round alike.
 */
final class BatchBench {

  private static final String ROW = "%-9s %6s %6s %16s %13s %13s %13s%n";

  private final PairOptimizer optimizer;
  private final int iterations;
  private final int rounds;
  private final int pairIterations;
  private final Precision precision;
  private final ExecutorService threads = Executors.newCachedThreadPool(DaemonThreads.named("bench-batch"));

  /**
   * @param pairIterations the iterations of the pairs whose pairs/hour is printed
   * @param precision the pairs' --precision
   */
  BatchBench(PairOptimizer optimizer, int iterations, int rounds, int pairIterations, Precision precision) {
    this.optimizer = optimizer;
    this.iterations = iterations;
    this.rounds = rounds;
    this.pairIterations = pairIterations;
    this.precision = precision;
  }

  void print(List<Integer> sizes, List<Integer> batches) {
    System.out.printf("batched pairs (%s): %d measured iterations per pair after warm-up, %d rounds; pairs/hour for"
        + " pairs of %d iterations; speed-up = batch 1's ms per pair-iteration over this batch's, median of the rounds%n",
        precision.id(), iterations, rounds, pairIterations);
    System.out.printf(ROW, "optimizer", "size", "batch", "ms/pair-iter", "pairs/hour", "speed-up", "range");
    for (Optimizer optimizerKind : List.of(Optimizer.ADAM, Optimizer.LBFGS)) {
      for (int size : sizes) {
        printRows(optimizerKind, size, batches);
      }
    }
    threads.shutdownNow();
  }

  private void printRows(Optimizer kind, int size, List<Integer> batches) {
    PairInput input = SyntheticImages.benchPair(size);
    for (int batch : batches) {
      measure(kind, size, batch, input, 3); // warm-up: the stacked shapes' kernels, the threads
    }
    List<List<Double>> ms = new ArrayList<>();
    batches.forEach(batch -> ms.add(new ArrayList<>()));
    for (int round = 0; round < rounds; round++) {
      for (int k = 0; k < batches.size(); k++) {
        int index = round % 2 == 0 ? k : batches.size() - 1 - k;
        ms.get(index).add(measure(kind, size, batches.get(index), input, iterations + 1));
      }
    }
    int alone = batches.indexOf(1);
    for (int k = 0; k < batches.size(); k++) {
      double median = BenchRounds.median(ms.get(k));
      String speedUp = "n/a";
      String range = "n/a";
      if (alone >= 0) {
        List<Double> ratios = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
          ratios.add(ms.get(alone).get(round) / ms.get(k).get(round));
        }
        speedUp = String.format("%.2f", BenchRounds.median(ratios));
        range = String.format("%.2f-%.2f", ratios.stream().mapToDouble(Double::doubleValue).min().orElseThrow(),
            ratios.stream().mapToDouble(Double::doubleValue).max().orElseThrow());
      }
      System.out.printf(ROW, kind.name().toLowerCase(java.util.Locale.ROOT), size, batches.get(k),
          String.format("%.1f", median), String.format("%.0f", 3_600_000 / (median * pairIterations)), speedUp, range);
    }
  }

  /** The median over the batch's pairs of their ms per pair-iteration (the batch's time over its pairs). */
  private double measure(Optimizer kind, int size, int batch, PairInput input, int pairIterationsNow) {
    StyleParams params = StyleParams.builder().set(StyleParamTable.SIZE, size).set(StyleParamTable.OPTIMIZER, kind)
        .set(StyleParamTable.ITERATIONS, pairIterationsNow).set(StyleParamTable.PRECISION, precision).build();
    PairBatch shared = new PairBatch(batch);
    List<Future<PairResult>> pairs = new ArrayList<>();
    for (int i = 0; i < batch; i++) {
      BatchSeat seat = shared.seat();
      pairs.add(threads.submit(() -> optimizer.optimize(input, params, ProgressListener.NONE, ProgressPictures.NONE,
          seat)));
    }
    List<Double> ms = new ArrayList<>();
    for (Future<PairResult> pair : pairs) {
      try {
        ms.add(pair.get().medianMillisPerIteration());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      } catch (ExecutionException e) {
        throw new IllegalStateException("a benchmark pair failed: " + e.getCause(), e.getCause());
      }
    }
    return BenchRounds.median(ms);
  }
}
