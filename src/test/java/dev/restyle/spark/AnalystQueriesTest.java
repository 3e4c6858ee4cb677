package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.restyle.metrics.MetricsView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's and the notebook's queries, run against the metrics of a real tiny run. */
class AnalystQueriesTest {

  private static final Pattern NOTEBOOK_SQL = Pattern.compile("spark\\.sql\\(\"\"\"(.*?)\"\"\"\\)", Pattern.DOTALL);
  private static final Pattern README_SQL = Pattern.compile("```sql\\n(.*?)```", Pattern.DOTALL);

  @TempDir
  static Path out;

  private static SparkSession spark;

  @BeforeAll
  static void runTinyJob() throws IOException {
    Path manifest = out.resolve("pairs.csv");
    // big-steps: Adam at learning rate 1e30, unconstrained, overflows to NaN; the picture written from it is
    // black. A flagged pair (nan_loss, flat_output, no_progress) for the quality queries.
    Files.writeString(manifest, "content_uri,style_uri,pair_id,optimizer,learning_rate,pixel_range\n"
        + "samples/content/sunset_hills.png,samples/style/swirls.png,sunset-swirls,,,\n"
        + "samples/content/house_by_lake.png,samples/style/swirls.png,house-swirls,,,\n"
        + "samples/content/house_by_lake.png,samples/style/mosaic.png,house-mosaic,,,\n"
        + "samples/content/sunset_hills.png,samples/style/mosaic.png,big-steps,adam,1e30,clamp_at_end\n"
        + "samples/content/missing.png,samples/style/mosaic.png,missing,,,\n");
    String absolute = Files.readString(manifest).replace("samples/", Path.of("samples").toAbsolutePath() + "/");
    Files.writeString(manifest, absolute);
    JobRunner.Outcome run = JobRunner.run("local[2]", List.of("--pairs", manifest.toString(), "--output",
        out.resolve("result").toString(), "--weights", "untrained:seed=50", "--run-id", "2026-11-22", "--size", "32",
        "--iterations", "4", "--log-every", "2", "--max-failed-fraction", "0.5"));
    assertThat(run.exitCode()).as(run.err()).isZero();
    spark = SparkSession.builder().master("local[1]").appName("analyst").config("spark.ui.enabled", "false")
        .getOrCreate();
    MetricsView.register(spark, out.resolve("result/metrics").toString());
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void everyNotebookQueryRunsAgainstTheRealSchema() throws IOException {
    List<String> queries = notebookQueries();
    assertThat(queries).hasSize(9);
    for (String query : queries) {
      assertThat(spark.sql(query).collectAsList()).as(query).isNotEmpty();
    }
  }

  @Test
  void readmeQueriesAreTheNotebooksAndGiveTheExpectedAnswers() throws IOException {
    List<String> readme = matches(README_SQL, Files.readString(Path.of("README.md")));
    assertThat(readme).containsExactlyElementsOf(notebookQueries());

    List<Row> first = spark.sql(readme.get(0)).collectAsList();
    assertThat(first).hasSize(4); // the succeeded pairs, the flagged one first
    assertThat(first.get(0).<String>getAs("pair_id")).isEqualTo("big-steps");
    assertThat(first.get(0).<Double>getAs("loss_ratio")).isGreaterThan(1.0);
    assertThat(first.get(0).getList(first.get(0).fieldIndex("flags")))
        .containsExactly("nan_loss", "flat_output", "no_progress");
    assertThat(first.subList(1, 4)).allSatisfy(row -> {
      assertThat(row.getList(row.fieldIndex("flags"))).isEmpty();
      assertThat(row.<Double>getAs("loss_ratio")).isLessThan(1.0);
      assertThat(row.<Double>getAs("content_ssim")).isStrictlyBetween(0.0, 1.0);
    });

    List<Row> failures = spark.sql(readme.get(3)).collectAsList();
    assertThat(failures).hasSize(1);
    assertThat(failures.get(0).<String>getAs("error_class")).isEqualTo("INPUT_NOT_FOUND");
    assertThat(failures.get(0).<Long>getAs("pairs")).isEqualTo(1);

    List<Row> perStyle = spark.sql(readme.get(2)).collectAsList();
    assertThat(perStyle).extracting(r -> r.<Long>getAs("pairs")).containsExactlyInAnyOrder(2L, 2L);

    List<Row> durations = spark.sql(readme.get(4)).collectAsList();
    assertThat(durations).hasSize(1);
    assertThat(durations.get(0).<String>getAs("run_id")).isEqualTo("2026-11-22");
    assertThat(durations.get(0).<Long>getAs("pairs")).isEqualTo(5);
    assertThat(durations.get(0).<Long>getAs("succeeded")).isEqualTo(4);

    List<Row> curves = spark.sql(readme.get(5)).collectAsList();
    assertThat(curves).hasSize(4 * 3); // iterations 1, 2 and 4 of each succeeded pair
    assertThat(curves.stream().map(r -> r.<Integer>getAs("iteration")).distinct().sorted().toList())
        .containsExactly(1, 2, 4);

    assertThat(spark.sql(readme.get(6)).collectAsList()).extracting(Row::toString).containsExactly(
        "[2026-11-22,flat_output,1,big-steps]", "[2026-11-22,nan_loss,1,big-steps]",
        "[2026-11-22,no_progress,1,big-steps]");

    List<Row> quality = spark.sql(readme.get(7)).collectAsList();
    assertThat(quality).extracting(r -> r.<String>getAs("style_uri").replaceAll(".*/", ""))
        .containsExactly("mosaic.png", "swirls.png"); // mosaic holds the flagged pair
    assertThat(quality).extracting(r -> r.<Long>getAs("flagged")).containsExactly(1L, 0L);

    List<Row> written = spark.sql(readme.get(8)).collectAsList();
    assertThat(written).hasSize(4);
    // The NaN pair's ratio is NaN (its last iterate is), which Spark orders above every number; the
    // projected pairs wrote what they optimized.
    assertThat(written.get(0).<String>getAs("pair_id")).isEqualTo("big-steps");
    assertThat(written.get(0).<Double>getAs("written_loss_ratio")).isNaN();
    assertThat(written.subList(1, 4)).allSatisfy(row -> assertThat(row.<Double>getAs("written_loss_ratio"))
        .isEqualTo(row.<Double>getAs("total_loss") / row.<Double>getAs("last_iterate_total_loss"))
        .isBetween(0.9, 1.1));
  }

  @Test
  void theNotebookDefinesRestyleRunsWithTheJobsOwnSql() throws IOException {
    String code = notebookCode();
    Matcher definition = Pattern.compile("LATEST_ATTEMPT = \\((.*?)\\)\n", Pattern.DOTALL).matcher(code);
    assertThat(definition.find()).as("the notebook's LATEST_ATTEMPT").isTrue();
    StringBuilder joined = new StringBuilder(); // Python joins adjacent literals, spaces and all
    Matcher literal = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(definition.group(1));
    while (literal.find()) {
      joined.append(literal.group(1));
    }
    assertThat(joined.toString()).isEqualTo(MetricsView.LATEST_ATTEMPT_SQL);
  }

  private static List<String> notebookQueries() throws IOException {
    return matches(NOTEBOOK_SQL, notebookCode());
  }

  private static String notebookCode() throws IOException {
    JsonObject notebook = JsonParser.parseString(Files.readString(Path.of("notebooks/restyle_runs.ipynb")))
        .getAsJsonObject();
    StringBuilder code = new StringBuilder();
    for (JsonElement cell : notebook.getAsJsonArray("cells")) {
      if (cell.getAsJsonObject().get("cell_type").getAsString().equals("code")) {
        cell.getAsJsonObject().getAsJsonArray("source").forEach(line -> code.append(line.getAsString()));
        code.append('\n');
      }
    }
    return code.toString();
  }

  private static List<String> matches(Pattern pattern, String text) {
    List<String> found = new ArrayList<>();
    Matcher matcher = pattern.matcher(text);
    while (matcher.find()) {
      found.add(matcher.group(1).strip());
    }
    return found;
  }
}
