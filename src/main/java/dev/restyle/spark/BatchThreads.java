package dev.restyle.spark;

import dev.restyle.support.DaemonThreads;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The threads the pairs of a batch run on, one per pair, shared by the tasks of one executor JVM. Daemon
 * threads: an executor that is told to exit is not held up by them.
 */
final class BatchThreads {

  private static final ExecutorService POOL = Executors.newCachedThreadPool(DaemonThreads.named("restyle-batch"));

  private BatchThreads() {}

  /**
   * Runs each work on a thread of its own and returns every result, in order, once all have ended. Each pair
   * turns its own failures into a row, so a failure here is the runtime's own (an Error), and fails the task.
   * A task that is interrupted interrupts its pairs (each notices at its next network pass) and waits for
   * them, so none is left running on the executor after its task.
   */
  static <T> List<T> runAll(List<Callable<T>> works) {
    CountDownLatch ended = new CountDownLatch(works.size());
    List<Future<T>> futures = new ArrayList<>();
    for (Callable<T> work : works) {
      futures.add(POOL.submit(() -> {
        try {
          return work.call();
        } finally {
          ended.countDown();
        }
      }));
    }
    try {
      ended.await();
    } catch (InterruptedException e) {
      futures.forEach(future -> future.cancel(true));
      awaitUninterruptibly(ended);
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while its batch of pairs ran", e);
    }
    List<T> results = new ArrayList<>();
    for (Future<T> future : futures) {
      try {
        results.add(future.get());
      } catch (InterruptedException e) {
        throw new IllegalStateException("unreachable: every work has ended", e);
      } catch (ExecutionException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Error error) {
          throw error;
        }
        throw cause instanceof RuntimeException runtime ? runtime : new IllegalStateException(cause);
      }
    }
    return results;
  }

  private static void awaitUninterruptibly(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        latch.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }
}
