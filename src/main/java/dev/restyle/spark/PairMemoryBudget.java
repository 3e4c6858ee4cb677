package dev.restyle.spark;

import dev.restyle.params.OptimizerSettings;
import dev.restyle.params.StyleParams;
import dev.restyle.transfer.PairMemoryEstimate;
import java.io.Serializable;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.network.util.JavaUtils;

/**
 * The native memory one pair may use, and the refusal of a pair whose {@link PairMemoryEstimate} is over
 * it, with what would fit instead. A pair over it would kill its executor (and the task's retries would kill
 * three more) rather than fail alone.
 *
 * <p>The default ({@code --max-pair-memory auto}): on a cluster, the executor's native allowance,
 * {@code spark.executor.memoryOverhead} (else Spark's own default for it, the overhead factor × executor
 * memory, at least 384 MiB), shared by the tasks that run at once in one executor
 * ({@code spark.executor.cores / spark.task.cpus}); tensors live outside the JVM heap, so the heap does not
 * count. On a local master, the machine's physical memory less the JVM's heap, shared by the local task
 * slots.
 */
public record PairMemoryBudget(long bytes, String source) implements Serializable {

  private static final long MIN_OVERHEAD = 384L << 20;

  public static PairMemoryBudget given(long bytes) {
    return new PairMemoryBudget(bytes, "--max-pair-memory");
  }

  public static PairMemoryBudget auto(SparkConf conf, String master, int localSlots) {
    if (master.equals("local") || master.startsWith("local[")) {
      long physical = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
          .getTotalMemorySize();
      long heap = Runtime.getRuntime().maxMemory();
      int slots = Math.max(1, localSlots);
      return new PairMemoryBudget((physical - heap) / slots, String.format(Locale.ROOT,
          "--max-pair-memory auto: physical memory %s less the heap %s, over %d local task slots",
          PairMemoryEstimate.gib(physical), PairMemoryEstimate.gib(heap), slots));
    }
    long executorMemory = bytes(conf, "spark.executor.memory", "1g");
    String overheadSource;
    long overhead;
    if (conf.contains("spark.executor.memoryOverhead")) {
      overhead = JavaUtils.byteStringAsBytes(withUnit(conf.get("spark.executor.memoryOverhead")));
      overheadSource = "spark.executor.memoryOverhead " + conf.get("spark.executor.memoryOverhead");
    } else {
      double factor = conf.getDouble("spark.executor.memoryOverheadFactor", 0.1);
      overhead = Math.max(MIN_OVERHEAD, (long) (factor * executorMemory));
      overheadSource = String.format(Locale.ROOT, "the default overhead %s (%.2f × spark.executor.memory)",
          PairMemoryEstimate.gib(overhead), factor);
    }
    int tasks = Math.max(1, conf.getInt("spark.executor.cores", 1) / Math.max(1, conf.getInt("spark.task.cpus", 1)));
    return new PairMemoryBudget(overhead / tasks, String.format(Locale.ROOT,
        "--max-pair-memory auto: %s over %d task%s per executor", overheadSource, tasks, tasks == 1 ? "" : "s"));
  }

  /** Null when the pair fits; else the FAILED message: estimate, limit, and what would fit. */
  public String refusal(StyleParams params) {
    PairMemoryEstimate estimate = PairMemoryEstimate.of(params);
    if (estimate.bytes() <= bytes) {
      return null;
    }
    List<String> fits = new ArrayList<>();
    if (params.optimizer() instanceof OptimizerSettings.Lbfgs lbfgs) {
      fitsWith(fits, params, Map.of("optimizer", "adam"), "--optimizer adam");
      for (int history = lbfgs.historySize() / 2; history >= 5; history /= 2) {
        if (fitsWith(fits, params, Map.of("history_size", Integer.toString(history)), "--history-size " + history)) {
          break;
        }
      }
    }
    for (int tile : new int[] {1024, 512, 256}) {
      if (tile < params.size() && fitsWith(fits, params, Map.of("tile", Integer.toString(tile), "optimizer", "adam"),
          "--tile " + tile + " --optimizer adam")) {
        break;
      }
    }
    return String.format(Locale.ROOT, "the pair needs %s of memory, over the limit of %s per pair (%s); %s",
        estimate.describe(), PairMemoryEstimate.gib(bytes), source,
        fits.isEmpty() ? "nothing of Adam, a smaller --history-size or --tile fits: lower --size"
            : "it would fit with " + String.join(", or ", fits));
  }

  private boolean fitsWith(List<String> fits, StyleParams params, Map<String, String> change, String flags) {
    PairMemoryEstimate other = PairMemoryEstimate.of(params.with(change));
    if (other.bytes() <= bytes) {
      fits.add(flags + " (" + PairMemoryEstimate.gib(other.bytes()) + ")");
      return true;
    }
    return false;
  }

  private static long bytes(SparkConf conf, String key, String fallback) {
    return JavaUtils.byteStringAsBytes(withUnit(conf.get(key, fallback)));
  }

  /** Spark reads a bare number of these keys as MiB. */
  private static String withUnit(String value) {
    return value.strip().matches("\\d+") ? value.strip() + "m" : value.strip();
  }
}
