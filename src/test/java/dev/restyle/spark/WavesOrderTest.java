package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The order waves run the plan in, on a real local session. */
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

    List<String> expected = List.of("bad", "f", "b", "e", "d", "c", "a");
    assertThat(order(new Waves(plan, 7, 7, pairs -> 3, 1))).as("sorted in one task").isEqualTo(expected);
    assertThat(order(new Waves(plan, 7, 7, pairs -> 3, 3))).as("sorted in three range partitions")
        .isEqualTo(expected);
  }

  private static List<String> order(Waves waves) {
    return waves.waves(0, 1).collect().stream().map(row -> row.<String>getAs("pair_id")).toList();
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
