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
 */
final class AdjacentPartitions implements PartitionCoalescer, Serializable {

  private static final long serialVersionUID = 1L;

  @Override
  public PartitionGroup[] coalesce(int maxPartitions, RDD<?> parent) {
    Partition[] partitions = parent.partitions();
    int[] starts = runStarts(partitions.length, maxPartitions);
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
   * Where each run begins when {@code partitions} are cut into at most {@code runs} runs of sizes that differ
   * by one at most; the last element is {@code partitions}.
   */
  static int[] runStarts(int partitions, int runs) {
    int count = Math.max(1, Math.min(runs, partitions));
    int[] starts = new int[count + 1];
    for (int g = 0; g <= count; g++) {
      starts[g] = (int) ((long) g * partitions / count);
    }
    return starts;
  }
}
