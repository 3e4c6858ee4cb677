package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.params.StyleParams;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Pairs optimized together, each exactly as if alone: every pair runs on its own thread with its own
 * optimizer (its own L-BFGS history, line search and convergence test, or its own Adam moments), and only
 * the network passes are shared. An evaluation waits until every pair still in the batch has asked for
 * one; then one of them runs the round: one {@link JointPass} per group of pairs with the same image shape
 * and network, so pairs of different sizes still run, each group stacked on its own.
 *
 * <p>Why threads rather than one joint optimizer: the pairs stay uncoupled by construction. A pair whose
 * L-BFGS line search needs an extra evaluation simply asks for it in the next round, one that converges or
 * fails {@linkplain BatchSeat#leave() leaves}, and the others go on without it.
 */
public final class PairBatch {

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final int size;
  private final List<Request> pending = new ArrayList<>();
  private int handedOut;
  private int seated;
  private boolean evaluating;

  /**
   * Whether a pair can share its passes: one scale, untiled. A multi-scale pair changes shape between
   * scales, and tiles are passes of their own; both would leave at once ({@link PairOptimizer}).
   */
  public static boolean admits(StyleParams params) {
    return !params.tiling().enabled() && params.schedule().scaleLadder().size() == 1;
  }

  /**
   * What pairs planned into one batch should share so that their passes stack: the output's longest side
   * and the network (preprocessing, pooling, depth, precision). The aspect ratio shows only once the content is
   * decoded; pairs that differ in it still share a round, each shape stacked on its own.
   */
  public static String stackingKey(StyleParams params) {
    return params.size() + "|" + params.preprocessing().id() + "|" + params.pooling().id() + "|"
        + params.losses().deepestLayer().name() + "|" + params.precision().id();
  }

  /** @param size the pairs that will take a seat; each must {@linkplain BatchSeat#leave() leave} in the end */
  public PairBatch(int size) {
    if (size < 1) {
      throw new IllegalArgumentException("a batch has at least one pair, got " + size);
    }
    this.size = size;
    this.seated = size;
  }

  /** The next pair's seat; the batch waits for all of its pairs from the first evaluation on. */
  public BatchSeat seat() {
    lock.lock();
    try {
      if (handedOut == size) {
        throw new IllegalStateException("all " + size + " seats of this batch are taken");
      }
      return new Seat(handedOut++);
    } finally {
      lock.unlock();
    }
  }

  private final class Seat implements BatchSeat {
    /** The stacking order: by seat, not by arrival, so a batch's rounding is the same in every run. */
    private final int index;
    private boolean left;
    private int largestPass = 1;

    Seat(int index) {
      this.index = index;
    }

    @Override
    public ImageObjective objective(StyleTransferObjective objective) {
      return new ImageObjective() {
        @Override
        public Result evaluate(NDArray image, NDManager scope) {
          return PairBatch.this.evaluate(Seat.this, new JointPass.Member(objective, image, scope));
        }

        @Override
        public LossValues measure(NDArray image) {
          return ImageObjective.whole(objective).measure(image);
        }
      };
    }

    @Override
    public void leave() {
      lock.lock();
      try {
        if (!left) {
          left = true;
          seated--;
          changed.signalAll(); // the others may now be all that a round waits for
        }
      } finally {
        lock.unlock();
      }
    }

    @Override
    public int largestPass() {
      lock.lock();
      try {
        return largestPass;
      } finally {
        lock.unlock();
      }
    }
  }

  private static final class Request {
    final Seat seat;
    final JointPass.Member member;
    ImageObjective.Result result;
    Throwable failure;
    boolean taken;

    Request(Seat seat, JointPass.Member member) {
      this.seat = seat;
      this.member = member;
    }

    boolean answered() {
      return result != null || failure != null;
    }
  }

  private ImageObjective.Result evaluate(Seat seat, JointPass.Member member) {
    Request request = new Request(seat, member);
    boolean interrupted = false;
    lock.lock();
    try {
      if (seat.left) {
        throw new IllegalStateException("a pair that left its batch cannot evaluate in it");
      }
      pending.add(request);
      while (!request.answered()) {
        if (!evaluating && pending.size() == seated) {
          List<Request> round = new ArrayList<>(pending);
          pending.clear();
          round.forEach(taken -> taken.taken = true);
          evaluating = true;
          lock.unlock();
          try {
            run(round);
          } finally {
            lock.lock();
            // Whatever ended the round early, no pair of it may wait for an answer that will not come.
            round.stream().filter(taken -> !taken.answered()).forEach(taken -> taken.failure =
                new IllegalStateException("the batch's network pass ended without a result for this pair"));
            evaluating = false;
            changed.signalAll();
          }
        } else if (interrupted || request.taken) {
          // A round in flight writes into this pair's scope: wait for it even when interrupted.
          changed.awaitUninterruptibly();
        } else {
          try {
            changed.await();
          } catch (InterruptedException e) {
            interrupted = true;
            if (!request.taken) {
              pending.remove(request);
              break;
            }
          }
        }
      }
    } finally {
      lock.unlock();
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for its batch's network pass");
    }
    if (request.failure instanceof Error error) {
      throw error;
    }
    if (request.failure != null) {
      throw (RuntimeException) request.failure;
    }
    return request.result;
  }

  /** One round: a joint pass per group of stackable requests; runs without the lock. */
  private void run(List<Request> round) {
    Map<JointPass.Key, List<Request>> groups = new LinkedHashMap<>();
    round.sort(Comparator.comparingInt(request -> request.seat.index));
    for (Request request : round) {
      groups.computeIfAbsent(JointPass.Key.of(request.member.objective(), request.member.image()),
          key -> new ArrayList<>()).add(request);
    }
    for (List<Request> group : groups.values()) {
      List<ImageObjective.Result> results;
      try {
        results = JointPass.evaluate(group.stream().map(request -> request.member).toList());
      } catch (RuntimeException | Error e) {
        if (group.size() == 1 || e instanceof Error) {
          group.forEach(request -> request.failure = e);
          continue;
        }
        // One member's trouble must not fail its partners: each is evaluated again on its own.
        group.forEach(request -> evaluateAlone(request, round.size()));
        continue;
      }
      for (int i = 0; i < group.size(); i++) {
        Request request = group.get(i);
        ImageObjective.Result result = results.get(i);
        request.result = new ImageObjective.Result(result.losses(), result.gradient(), round.size());
        recordPass(request.seat, group.size());
      }
    }
  }

  private void evaluateAlone(Request request, int roundSize) {
    try {
      ImageObjective.Result result = JointPass.evaluate(List.of(request.member)).get(0);
      request.result = new ImageObjective.Result(result.losses(), result.gradient(), roundSize);
    } catch (RuntimeException | Error e) {
      request.failure = e;
    }
  }

  private void recordPass(Seat seat, int members) {
    lock.lock();
    try {
      seat.largestPass = Math.max(seat.largestPass, members);
    } finally {
      lock.unlock();
    }
  }
}
