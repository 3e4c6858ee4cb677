package dev.restyle.spark;

import java.io.Serializable;
import java.util.function.LongToIntFunction;
import org.apache.spark.Partitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.PartitionPruningRDD;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructType;
import scala.runtime.AbstractFunction1;

/**
 * Splits the pairs to run into waves of at most N, in (size and network, style, pair id) order, each committed
 * as its own append. A run killed mid-way keeps every finished wave's rows, so a rerun with --skip-done does only
 * the rest; ordering by style keeps a style's pairs in the same wave for the style-target cache.
 *
 * <p>The plan is sorted and shuffled once, into one partition per task of every wave: wave w's tasks are
 * partitions {@code [w × tasks, w × tasks + tasks of w)}, each a contiguous run of the sorted pairs. A wave's
 * job then reads only its own partitions ({@link #wave}), so no wave rescans the whole plan and no wave
 * needs a sampling job of its own for a range partitioning: contiguous slices of the sorted order are that
 * range partitioning already.
 */
final class Waves {

  private final long size;
  private final long pairs;
  private final int tasks;
  private final int lastTasks;
  private final JavaRDD<Row> partitioned;

  /**
   * @param size pairs per wave
   * @param tasksFor tasks for a wave of this many pairs
   * @param sortTasks tasks that sort the plan ({@link #sortTasks(long, int)})
   */
  Waves(Dataset<Row> todo, long pairs, long size, LongToIntFunction tasksFor, int sortTasks) {
    this.size = size;
    this.pairs = pairs;
    this.tasks = tasksFor.applyAsInt(Math.min(size, pairs));
    this.lastTasks = tasksFor.applyAsInt(pairs - (count(pairs, size) - 1) * size);
    WavePartitioner partitioner = new WavePartitioner(size, pairs, tasks, lastTasks);
    this.partitioned = sorted(todo, sortTasks).javaRDD().zipWithIndex()
        .mapToPair(indexed -> new scala.Tuple2<>(indexed._2(), indexed._1()))
        .repartitionAndSortWithinPartitions(partitioner).values();
  }

  /**
   * The plan in stacking order, in {@code tasks} range partitions. The parameters that decide stacking are
   * parsed from params_json once per pair into a column: in a sort's ordering, {@code get_json_object} parses
   * the JSON again at every comparison (8.7 s of a 20,000-pair run's start).
   */
  private static Dataset<Row> sorted(Dataset<Row> todo, int tasks) {
    Dataset<Row> keyed = todo.withColumn(STACKING, functions.from_json(functions.col("params_json"),
        STACKING_FIELDS));
    return keyed.repartitionByRange(tasks, STACKING_ORDER).sortWithinPartitions(STACKING_ORDER).drop(STACKING);
  }

  /**
   * Tasks that sort a plan of this many pairs: one per {@value #PAIRS_PER_SORT_TASK} pairs, at most one per
   * slot. More than one costs two Spark jobs of their own (the range partitioning's sample, and zipWithIndex
   * counting every partition but the last), seconds on a cluster's fresh executors, which pay only when each
   * task has thousands of pairs to sort. A plain sort would leave the count to adaptive execution, which sizes
   * it by bytes: a 20,000-pair plan in one task, a million-pair plan in a handful.
   */
  static int sortTasks(long pairs, int slots) {
    return (int) Math.max(1, Math.min(slots, pairs / PAIRS_PER_SORT_TASK));
  }

  static final long PAIRS_PER_SORT_TASK = 5_000;

  private static final String STACKING = "_stacking";
  private static final StructType STACKING_FIELDS = StructType.fromDDL(
      "size INT, pooling STRING, preprocessing STRING, precision STRING");

  /**
   * Pairs of one size and network side by side (so a task's batches fill, {@link PairGroups}), then by style
   * (for the style-target cache), then by pair id (so the order is total).
   */
  private static final Column[] STACKING_ORDER = {
      functions.col(STACKING + ".size"), functions.col(STACKING + ".pooling"),
      functions.col(STACKING + ".preprocessing"), functions.col(STACKING + ".precision"),
      functions.col("style_uri"), functions.col("pair_id")};

  long count() {
    return count(pairs, size);
  }

  /** Pairs in wave {@code wave}. */
  long pairsIn(long wave) {
    return Math.min(size, pairs - wave * size);
  }

  /** Tasks (and so partitions) of wave {@code wave}. */
  int tasksOf(long wave) {
    return wave == count() - 1 ? lastTasks : tasks;
  }

  /** Tasks of the {@code waves} waves from {@code first} on. */
  int tasksOf(long first, long waves) {
    return Math.toIntExact((waves - 1) * tasks + tasksOf(first + waves - 1));
  }

  /**
   * The pairs of {@code waves} consecutive waves from {@code first} on, for one commit, in their own
   * partitions only, in plan order within each.
   */
  JavaRDD<Row> waves(long first, long waves) {
    long from = first * tasks;
    return PartitionPruningRDD.create(partitioned.rdd(), new Between(from, from + tasksOf(first, waves)))
        .toJavaRDD();
  }

  /**
   * The same pairs in {@code tasks} tasks or fewer, each a run of adjacent partitions ({@link AdjacentPartitions}),
   * the last {@code slots} tasks of one partition each.
   */
  JavaRDD<Row> waves(long first, long waves, int tasks, int slots) {
    JavaRDD<Row> pairs = waves(first, waves);
    if (tasks >= tasksOf(first, waves)) {
      return pairs;
    }
    return pairs.rdd().coalesce(tasks, false, scala.Option.apply(new AdjacentPartitions(slots)), null).toJavaRDD();
  }

  /**
   * Tasks for a commit of {@code partitions} partitions, when the last commit's partitions took
   * {@code partitionSeconds} each (0: not measured yet). Tiny pairs would make tasks of well under a second,
   * and each task costs tens of milliseconds whatever its pairs (its code generation, its start and its rows'
   * writer), so partitions are merged until a task lasts about {@value #TASK_SECONDS} s. Longer tasks are
   * kept as they are: they balance better over the slots, and a retry redoes fewer pairs. At least two
   * tasks per slot stay, so no slot waits long at the commit's end.
   */
  static int tasksFor(int partitions, double partitionSeconds, int slots) {
    if (partitionSeconds <= 0 || partitionSeconds >= TASK_SECONDS) {
      return partitions;
    }
    int merge = (int) Math.floor(TASK_SECONDS / partitionSeconds);
    int tasks = (int) Math.ceil(partitions / (double) merge);
    return Math.min(partitions, Math.max(tasks, 2 * slots));
  }

  static final double TASK_SECONDS = 2;

  /**
   * How many waves the next commit takes when --commit-every is not given: while a commit takes under half of
   * {@value #TARGET_SECONDS} s, as many more as would take about that long, at most {@value #MAX_GROWTH} times as
   * many and at least twice; halve above twice that. A commit costs a Spark job, a wait for its slowest task and
   * a few file operations whatever its size, so tiny pairs get commits of about a minute instead of a second or
   * two, after few small ones; a run killed mid-way loses at most the commit in flight, about a minute of work,
   * and its images stay.
   */
  static long nextWaves(long waves, double seconds) {
    if (seconds < TARGET_SECONDS / 2) {
      long growth = Math.max(2, Math.min(MAX_GROWTH, (long) Math.floor(TARGET_SECONDS / Math.max(seconds, 1e-3))));
      return waves * growth;
    }
    return seconds > TARGET_SECONDS * 2 && waves > 1 ? waves / 2 : waves;
  }

  static final long MAX_GROWTH = 8;

  static final double TARGET_SECONDS = 60;

  /** The Spark UI's name of a wave's job; tests that stop a run between waves look for it too. */
  static String description(String runId, long wave, long waves, long pairs) {
    return String.format("Restyle run %s: wave %d of %d (%d pairs in all)", runId, wave + 1, waves, pairs);
  }

  static long count(long pairs, long size) {
    return (pairs + size - 1) / size;
  }

  /** Pair number i (in sorted order) → wave i / size, and the slice of that wave it falls in. */
  static final class WavePartitioner extends Partitioner {

    private static final long serialVersionUID = 1L;

    private final long size;
    private final long pairs;
    private final int tasks;
    private final int lastTasks;

    WavePartitioner(long size, long pairs, int tasks, int lastTasks) {
      this.size = size;
      this.pairs = pairs;
      this.tasks = tasks;
      this.lastTasks = lastTasks;
    }

    @Override
    public int numPartitions() {
      return Math.toIntExact((count(pairs, size) - 1) * tasks + lastTasks);
    }

    @Override
    public int getPartition(Object key) {
      long index = (Long) key;
      long wave = index / size;
      long inWave = Math.min(size, pairs - wave * size);
      int waveTasks = wave == count(pairs, size) - 1 ? lastTasks : tasks;
      return Math.toIntExact(wave * tasks + (index % size) * waveTasks / inWave);
    }

    @Override
    public boolean equals(Object other) {
      return other instanceof WavePartitioner that && that.size == size && that.pairs == pairs
          && that.tasks == tasks && that.lastTasks == lastTasks;
    }

    @Override
    public int hashCode() {
      return java.util.Objects.hash(size, pairs, tasks, lastTasks);
    }
  }

  /** Keeps partitions [from, to): a wave's own. */
  private static final class Between extends AbstractFunction1<Object, Object> implements Serializable {

    private static final long serialVersionUID = 1L;

    private final long from;
    private final long to;

    Between(long from, long to) {
      this.from = from;
      this.to = to;
    }

    @Override
    public Object apply(Object partition) {
      int index = (Integer) partition;
      return index >= from && index < to;
    }
  }
}
