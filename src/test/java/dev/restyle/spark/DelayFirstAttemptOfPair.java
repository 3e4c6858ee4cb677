package dev.restyle.spark;

import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;

/**
 * Fault injection for the cluster tests: with the Spark setting {@value #PAIR}, the first attempt of the
 * task that reaches that pair waits {@value #SECONDS} seconds (default 60) before it, as a straggling
 * executor would; later attempts, such as a speculative copy, do not wait. Shipped in a jar of its own
 * (--jars); without the setting it does nothing.
 */
public final class DelayFirstAttemptOfPair implements PairObserver {

  static final String PAIR = "spark.restyle.test.delayPair";
  static final String SECONDS = "spark.restyle.test.delaySeconds";

  @Override
  public void pairStarting(String pairId) {
    SparkEnv env = SparkEnv.get();
    TaskContext task = TaskContext.get();
    if (env == null || task == null || task.attemptNumber() > 0 || !pairId.equals(env.conf().get(PAIR, null))) {
      return;
    }
    try {
      Thread.sleep(env.conf().getLong(SECONDS, 60) * 1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // the attempt is being killed: the copy won
      throw new IllegalStateException("straggling attempt of " + pairId + " killed", e);
    }
  }

  @Override
  public void pairFinished(String pairId) {}
}
