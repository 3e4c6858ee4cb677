package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.plans.logical.Join;
import org.apache.spark.sql.catalyst.plans.logical.LocalRelation;
import org.apache.spark.sql.catalyst.plans.logical.LogicalPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import scala.jdk.javaapi.CollectionConverters;

/** The driver at catalog scale: a million-row dry run in a driver of spark-submit's default 1 GiB, and globs. */
class DriverScaleTest {

  private static final int ROWS = 1_000_000;

  @TempDir
  Path dir;

  /**
   * Every figure of the report, from a generated manifest whose answer is known: a size override on every
   * 10th row, 4 rows with an invalid size and 5 whose content is a metadata address.
   */
  @Test
  void aMillionRowManifestPlansInADefaultSizedDriver() throws IOException, InterruptedException {
    Path manifest = dir.resolve("pairs.csv");
    try (BufferedWriter csv = Files.newBufferedWriter(manifest, StandardCharsets.UTF_8)) {
      csv.write("content_uri,style_uri,size\n");
      for (int i = 0; i < ROWS; i++) {
        String content = i % 200_000 == 7 ? "http://169.254.169.254/latest/c" + i
            : String.format("s3a://catalog/content/c%07d.jpg", i);
        String size = i % 250_000 == 1 ? "-5" : i % 10 == 0 ? "128" : "";
        csv.write(content + ",s3a://catalog/style/s" + (i % 100) + ".jpg," + size + "\n");
      }
    }

    ChildJvm.Result run = ChildJvm.runJob(dir, List.of("-Xmx1g", "-Dlog4j2.configurationFile=conf/log4j2.properties"),
        Map.of(), List.of("--master", "local[2]", "--pairs", manifest.toString(), "--output",
            dir.resolve("out").toString(), "--weights", "untrained:seed=1", "--run-id", "big", "--size", "64",
            "--iterations", "10", "--dry-run", "--conf", "spark.ui.enabled=false"), 400);

    assertThat(run.exitCode()).as(run.err()).isZero();
    // 999,991 runnable pairs × 10 iterations; 100,000 of them at 128², the rest at 64².
    long pixelIterations = 100_000L * 128 * 128 * 10 + 899_991L * 64 * 64 * 10;
    assertThat(pixelIterations).isEqualTo(53_247_631_360L);
    assertThat(run.out()).contains(String.join("\n",
        "dry run: 1000000 pairs in the catalog, 0 already done, 1000000 to run, 9 of them invalid",
        "  waves: 15625 of at most 64 pairs, 4 partitions each",
        "  work: 9999910 iterations, 53247.6 megapixel-iterations (size² × iterations, summed over the pairs to run)",
        "  problem: INPUT_NOT_ALLOWED × 5, e.g. "));
    assertThat(run.out()).containsPattern("\n  problem: PARAM_INVALID × 4, e.g. [0-9a-f]{16}: [^\n]*'-5' is invalid")
        .contains("restyle run big: 0 done, 0 failed, 0 skipped of 1000000 pairs in ")
        .contains("(dry run: nothing was run or written)");
    assertThat(dir.resolve("out")).doesNotExist();
  }

  /**
   * The cross product of two globs is a Spark join of the two listings: the driver's plan holds 300 + 300
   * names, never the 90,000 pairs.
   */
  @Test
  void crossGlobsAreAJoinOfTwoListingsNotADriverList() throws IOException {
    Path contents = Files.createDirectories(dir.resolve("content"));
    Path styles = Files.createDirectories(dir.resolve("style"));
    for (int i = 0; i < 300; i++) {
      Files.createFile(contents.resolve(String.format("c%03d.png", i)));
      Files.createFile(styles.resolve(String.format("s%03d.png", i)));
    }
    SparkSession spark = SparkSession.builder().master("local[2]").appName("globs")
        .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "2").getOrCreate();
    try {
      Dataset<Row> pairs = Catalog.globs(spark, new Configuration(), contents + "/*.png", styles + "/*.png",
          JobConfig.Pairing.CROSS);

      LogicalPlan plan = pairs.queryExecution().analyzed();
      List<Integer> localRows = new ArrayList<>();
      for (LogicalPlan leaf : CollectionConverters.asJava(plan.collectLeaves())) {
        localRows.add(((LocalRelation) leaf).data().size());
      }
      assertThat(localRows).containsExactly(300, 300);
      assertThat(plan.find(node -> node instanceof Join).isDefined()).isTrue();
      // Each of the 300 styles with 300 distinct contents: the whole product, once.
      List<Row> perStyle = pairs.groupBy("style_uri").agg(org.apache.spark.sql.functions.countDistinct("content_uri"))
          .collectAsList();
      assertThat(perStyle).hasSize(300).allSatisfy(row -> assertThat(row.getLong(1)).isEqualTo(300));

      // The control: zip pairs the i-th with the i-th, one driver row each.
      Dataset<Row> zipped = Catalog.globs(spark, new Configuration(), contents + "/*.png", styles + "/*.png",
          JobConfig.Pairing.ZIP);
      assertThat(zipped.count()).isEqualTo(300);
      assertThat(zipped.where("substring(content_uri, -7, 3) = substring(style_uri, -7, 3)").count()).isEqualTo(300);
    } finally {
      spark.stop();
    }
  }
}
