package dev.restyle.spark;

import java.io.Serializable;
import org.apache.spark.SparkContext;
import org.apache.spark.util.LongAccumulator;

/**
 * Counters of finished pairs, visible in the Spark UI and read by the driver for the run summary. Counted under
 * a lock: the pairs of a batch end on threads of their own, and an accumulator is not thread-safe.
 */
public final class JobProgress implements Serializable {

  private static final long serialVersionUID = 1L;

  private final LongAccumulator done;
  private final LongAccumulator failed;
  private final LongAccumulator skipped;
  private final LongAccumulator reused;

  public JobProgress(SparkContext spark) {
    this(spark.longAccumulator("restyle.pairs.done"), spark.longAccumulator("restyle.pairs.failed"),
        spark.longAccumulator("restyle.pairs.skipped"), spark.longAccumulator("restyle.pairs.reused"));
  }

  /** Counters of pairs run outside a Spark job (one JVM, no driver to merge them), as they are. */
  JobProgress() {
    this(new LongAccumulator(), new LongAccumulator(), new LongAccumulator(), new LongAccumulator());
  }

  private JobProgress(LongAccumulator done, LongAccumulator failed, LongAccumulator skipped, LongAccumulator reused) {
    this.done = done;
    this.failed = failed;
    this.skipped = skipped;
    this.reused = reused;
  }

  synchronized void succeeded() {
    done.add(1);
  }

  synchronized void failed() {
    failed.add(1);
  }

  public synchronized void skipped(long count) {
    skipped.add(count);
  }

  /** Pairs an earlier run made, pointed at by a REUSED row; counted on the driver. */
  public synchronized void reused(long count) {
    reused.add(count);
  }

  public long reusedCount() {
    return reused.value();
  }

  public long doneCount() {
    return done.value();
  }

  public long failedCount() {
    return failed.value();
  }

  public long skippedCount() {
    return skipped.value();
  }
}
