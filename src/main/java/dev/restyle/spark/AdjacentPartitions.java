package dev.restyle.spark;

import java.io.Serializable;
import org.apache.spark.Partition;
import org.apache.spark.rdd.PartitionCoalescer;
import org.apache.spark.rdd.PartitionGroup;
import org.apache.spark.rdd.RDD;
import scala.Option;

/**
 * Merges runs of adjacent partitions into one task each, without a shuffle. Spark's own coalesce groups
 * partitions by where their data lies, in any order; adjacent runs keep a wave's plan order inside each task,
 * so a style's pairs stay together for its cached targets and a batch's pairs stay side by side.
 *
 * <p>The last {@code singleTail} tasks are single partitions. Spark hands out a stage's tasks in partition
 * order, so these short tasks run last: the slots that finish early wait for the others at most one
 * partition's time, not one merged task's.
 */
final class AdjacentPartitions implements PartitionCoalescer, Serializable {

  private static final long serialVersionUID = 1L;

  private final int singleTail;

  AdjacentPartitions(int singleTail) {
    this.singleTail = singleTail;
  }

  @Override
  public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
    Partition[] partitions = parent.partitions();
    int[] starts = runStarts(partitions.length, maxPartitions, singleTail);
    PartitionGroup[] groups = new PartitionGroup[starts.length - 1];
    for (int g = 0; g < groups.length; g++) {
      groups[g] = new PartitionGroup(Option.empty());
      for (int i = starts[g]; i < starts[g + 1]; i++) {
        groups[g].partitions().addOne(partitions[i]);
      }
    }
    return groups;
  }

  /**
   * Where each run begins when {@code partitions} are cut into at most {@code runs} runs: the last
   * {@code singleTail} of one partition each, the others of sizes that differ by one at most. The last element
   * is {@code partitions}.
   */
  static int[] runStarts(int partitions, int runs, int singleTail) {
    int count = Math.max(1, Math.min(runs, partitions));
    int tail = Math.max(0, Math.min(singleTail, count - 1));
    int head = partitions - tail;
    int headRuns = count - tail;
    int[] starts = new int[count + 1];
    for (int g = 0; g <= headRuns; g++) {
      starts[g] = (int) ((long) g * head / headRuns);
    }
    for (int t = 1; t <= tail; t++) {
      starts[headRuns + t] = head + t;
    }
    return starts;
  }
}
