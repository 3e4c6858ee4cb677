package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where each sorted pair goes: its wave's own partitions, in contiguous runs; and how commits grow. */
class WavesTest {

  @Test
  void eachWavesPairsFillItsOwnPartitionsInContiguousSlices() {
    // 10 pairs, waves of 4 (4, 4, 2), 2 tasks per full wave and 1 for the last.
    Waves.WavePartitioner partitioner = new Waves.WavePartitioner(4, 10, 2, 1);
    List<Integer> partitions = new ArrayList<>();
    for (long i = 0; i < 10; i++) {
      partitions.add(partitioner.getPartition(i));
    }

    assertThat(partitioner.numPartitions()).isEqualTo(5);
    assertThat(partitions).containsExactly(0, 0, 1, 1, 2, 2, 3, 3, 4, 4);
  }

  @Test
  void aShortLastWaveStillSpreadsOverItsTasks() {
    // 70 pairs in waves of 64: the last wave has 6 pairs over 3 tasks.
    Waves.WavePartitioner partitioner = new Waves.WavePartitioner(64, 70, 4, 3);
    List<Integer> last = new ArrayList<>();
    for (long i = 64; i < 70; i++) {
      last.add(partitioner.getPartition(i));
    }

    assertThat(partitioner.numPartitions()).isEqualTo(7);
    assertThat(partitioner.getPartition(0L)).isZero();
    assertThat(partitioner.getPartition(63L)).isEqualTo(3);
    assertThat(last).containsExactly(4, 4, 5, 5, 6, 6);
  }

  @Test
  void commitsGrowTowardsAMinuteWhileShortAndHalveWhenLong() {
    assertThat(Waves.nextWaves(1, 2.0)).as("at most eight times as many").isEqualTo(8);
    assertThat(Waves.nextWaves(1, 12.0)).as("about a minute's worth").isEqualTo(5);
    assertThat(Waves.nextWaves(8, 29.0)).as("at least twice as many").isEqualTo(16);
    assertThat(Waves.nextWaves(8, 60.0)).isEqualTo(8); // the control: about a minute stays
    assertThat(Waves.nextWaves(8, 121.0)).isEqualTo(4);
    assertThat(Waves.nextWaves(1, 600.0)).isEqualTo(1);
  }

  @Test
  void partitionsOfTinyPairsMergeIntoTasksOfAboutTwoSecondsAndLongerOnesStayApart() {
    assertThat(Waves.tasksFor(16, 0, 2)).as("not measured yet").isEqualTo(16);
    assertThat(Waves.tasksFor(16, 3.0, 2)).as("the control: long partitions").isEqualTo(16);
    assertThat(Waves.tasksFor(16, 0.6, 2)).as("3 partitions of 0.6 s per task").isEqualTo(6);
    assertThat(Waves.tasksFor(8, 0.1, 2)).as("still two tasks per slot").isEqualTo(4);
    assertThat(Waves.tasksFor(3, 0.1, 2)).isEqualTo(3);
  }

  @Test
  void mergedTasksAreRunsOfAdjacentPartitionsOfEvenSizes() {
    assertThat(AdjacentPartitions.runStarts(16, 6, 0)).containsExactly(0, 2, 5, 8, 10, 13, 16);
    assertThat(AdjacentPartitions.runStarts(4, 8, 0)).containsExactly(0, 1, 2, 3, 4);
    assertThat(AdjacentPartitions.runStarts(5, 1, 0)).containsExactly(0, 5);
  }

  @Test
  void aPlanIsSortedInATaskPerFiveThousandPairsAtMostOnePerSlot() {
    assertThat(Waves.sortTasks(40, 2)).as("a small plan: no jobs for a range partitioning").isEqualTo(1);
    assertThat(Waves.sortTasks(9_999, 2)).isEqualTo(1);
    assertThat(Waves.sortTasks(20_000, 2)).isEqualTo(2);
    assertThat(Waves.sortTasks(1_000_000, 400)).isEqualTo(200);
    assertThat(Waves.sortTasks(1_000_000, 2)).as("at most one per slot").isEqualTo(2);
  }

  @Test
  void theLastTasksOfACommitAreSinglePartitionsSoNoSlotWaitsLongAtItsEnd() {
    assertThat(AdjacentPartitions.runStarts(16, 6, 2)).containsExactly(0, 3, 7, 10, 14, 15, 16);
    assertThat(AdjacentPartitions.runStarts(16, 6, 0)).as("the control: no single tail")
        .containsExactly(0, 2, 5, 8, 10, 13, 16);
    assertThat(AdjacentPartitions.runStarts(5, 1, 2)).as("one task has no tail").containsExactly(0, 5);
    assertThat(AdjacentPartitions.runStarts(4, 8, 2)).containsExactly(0, 1, 2, 3, 4);
  }
}
