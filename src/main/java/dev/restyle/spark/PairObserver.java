package dev.restyle.spark;

import java.util.List;
import java.util.ServiceLoader;

/**
 * Told on the executor before a pair starts and after each pair of a task is finished: its image written, its row made, the row
 * not yet handed to Spark. Implementations are found with {@link ServiceLoader}; Restyle itself ships
 * none. The fault-injection tests register one on the test class path to fail a task attempt at exactly
 * that point.
 */
public interface PairObserver {

  void pairFinished(String pairId);

  /** Told on the executor right before a pair starts (after its in-flight marker is written). */
  default void pairStarting(String pairId) {}

  /** The observers on this JVM's class path, found once. */
  static List<PairObserver> installed() {
    return Installed.OBSERVERS;
  }

  /** Holder: loaded on first use, on the executor. */
  final class Installed {
    private static final List<PairObserver> OBSERVERS =
        ServiceLoader.load(PairObserver.class).stream().map(ServiceLoader.Provider::get).toList();

    private Installed() {}
  }
}
