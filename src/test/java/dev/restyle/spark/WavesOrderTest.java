package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerStageSubmitted;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The order waves run the plan in, and the tasks that sort it, on a real local session. */
class WavesOrderTest {

  private static SparkSession spark;

  @BeforeAll
  static void start() {
    spark = SparkSession.builder().master("local[2]").appName("waves-order").config("spark.ui.enabled", "false")
        .getOrCreate();
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void pairsRunBySizeThenNetworkThenStyleThenIdWithUnparsableParametersFirst() {
    Dataset<Row> plan = plan(
        pair("a", 64, "max", "s2"), pair("b", 32, "max", "s1"), pair("c", 64, "max", "s1"),
        pair("d", 32, "max", "s2"), pair("e", 32, "max", "s1"), pair("f", 32, "avg", "s1"),
        new PlannedPair("bad", "c.png", "s1.png", "{\"size\": oops", "h-bad", dev.restyle.support.ErrorClass.PARAM_INVALID,
            "size: not a number"));

    Waves waves = new Waves(plan, 7, 7, pairs -> 3, 2);

    List<String> order = waves.waves(0, 1).collect().stream().map(row -> row.<String>getAs("pair_id")).toList();
    assertThat(order).containsExactly("bad", "f", "b", "e", "d", "c", "a");
  }

  @Test
  void thePlanIsSortedInOneTaskPerSlotEvenWhenItIsSmall() throws Exception {
    List<PlannedPair> pairs = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      pairs.add(pair(String.format("p%02d", i), i % 2 == 0 ? 32 : 64, "max", "s" + i % 3));
    }
    Dataset<Row> plan = plan(pairs.toArray(PlannedPair[]::new));

    // Adaptive execution would coalesce a sort of 40 rows into one task; the control is a second slot count.
    assertThat(sortTasks(plan, 2)).isEqualTo(2);
    assertThat(sortTasks(plan, 3)).isEqualTo(3);
  }

  /** The tasks of the stage that numbers the sorted plan (its map side, {@code mapToPair at Waves}). */
  private static int sortTasks(Dataset<Row> plan, int slots) throws Exception {
    List<Integer> tasks = Collections.synchronizedList(new ArrayList<>());
    SparkListener listener = new SparkListener() {
      @Override
      public void onStageSubmitted(SparkListenerStageSubmitted submitted) {
        if (submitted.stageInfo().name().startsWith("mapToPair at Waves")) {
          tasks.add(submitted.stageInfo().numTasks());
        }
      }
    };
    spark.sparkContext().addSparkListener(listener);
    try {
      Waves waves = new Waves(plan, 40, 40, n -> 2, slots);
      assertThat(waves.waves(0, 1).count()).isEqualTo(40);
      spark.sparkContext().listenerBus().waitUntilEmpty();
    } finally {
      spark.sparkContext().removeSparkListener(listener);
    }
    assertThat(tasks).hasSize(1);
    return tasks.get(0);
  }

  private static PlannedPair pair(String id, int size, String pooling, String style) {
    String json = String.format("{\"size\":%d,\"pooling\":\"%s\",\"preprocessing\":\"torchvision\","
        + "\"precision\":\"fp32\",\"iterations\":1}", size, pooling);
    return new PlannedPair(id, "c-" + id + ".png", style + ".png", json, "h" + size + pooling, null, null);
  }

  private static Dataset<Row> plan(PlannedPair... pairs) {
    List<Row> rows = java.util.Arrays.stream(pairs).map(PlannedPair::toRow).toList();
    return spark.createDataFrame(rows, PlannedPair.SCHEMA);
  }
}
