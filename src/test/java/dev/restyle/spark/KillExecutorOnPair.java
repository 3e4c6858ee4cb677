package dev.restyle.spark;

import org.apache.spark.SparkEnv;

/**
 * Fault injection for the cluster tests: with the Spark setting {@value #PAIR}, the executor JVM halts (as
 * the kernel's OOM killer would end it) whenever that pair starts, on every attempt. Shipped to the
 * executors in a jar of its own (--jars); without the setting it does nothing.
 */
public final class KillExecutorOnPair implements PairObserver {

  static final String PAIR = "spark.restyle.test.killOnPair";

  @Override
  public void pairStarting(String pairId) {
    SparkEnv env = SparkEnv.get();
    if (env != null && pairId.equals(env.conf().get(PAIR, null))) {
      Runtime.getRuntime().halt(137);
    }
  }

  @Override
  public void pairFinished(String pairId) {}
}
