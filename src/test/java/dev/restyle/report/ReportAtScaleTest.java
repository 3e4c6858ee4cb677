package dev.restyle.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.Orientation;
import dev.restyle.metrics.MetricsRow;
import dev.restyle.metrics.MetricsSchema;
import dev.restyle.metrics.MetricsView;
import dev.restyle.support.ErrorClass;
import dev.restyle.testing.HeadlessChromium;
import dev.restyle.transfer.HistoryPoint;
import dev.restyle.transfer.LossValues;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.PictureQuality;
import dev.restyle.transfer.QualityFlag;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 18, item 4: the report of 5,000 pairs (synthetic metrics rows in the job's schema, over a few hundred
 * tiny images) is bounded, holds every section with the counts the rows imply, and renders in Chromium.
 * {@code -Drestyle.reportScale.pairs=100000} builds a larger one with the same checks (for the README's figure).
 */
class ReportAtScaleTest {

  private static final int PAIRS = Integer.getInteger("restyle.reportScale.pairs", 5000);
  private static final int CONTENTS = 40;
  private static final int STYLES = 10;
  private static final int OUTPUTS = 200;
  private static final Instant T = Instant.parse("2026-11-22T02:00:00Z");
  private static final ErrorClass[] FAILURES = {ErrorClass.INPUT_NOT_FOUND, ErrorClass.INPUT_NOT_FOUND,
      ErrorClass.INPUT_NOT_FOUND, ErrorClass.INPUT_UNDECODABLE, ErrorClass.RESOURCE_LIMIT};

  @TempDir
  static Path dir;

  private static SparkSession spark;
  private static final List<Pair> pairs = new ArrayList<>();
  private static List<Row> firstRows;
  private static Path index;
  private static double buildSeconds;

  /** What the test knows of each synthetic row, to compute the expected counts. */
  private record Pair(String pairId, String styleUri, ErrorClass failure, List<String> flags, boolean finiteWritten) {}

  @BeforeAll
  static void writeMetricsAndBuildTheReport() throws Exception {
    spark = SparkSession.builder().master("local[2]").appName("report-at-scale").config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "4").getOrCreate();
    String[] contents = images("content", CONTENTS);
    String[] styles = images("style", STYLES);
    String[] outputs = images("output", OUTPUTS);
    List<Row> rows = new ArrayList<>(PAIRS);
    for (int i = 0; i < PAIRS; i++) {
      String pairId = String.format("p%06d", i);
      String style = styles[(i / 3) % STYLES];
      MetricsRow row = MetricsRow.of("scale", pairId, contents[i % CONTENTS], style).params("{}", "h")
          .execution("cpu()", "1", "host", 0).timing(T.plusSeconds(i), T.plusSeconds(i + 1 + i % 30));
      if (i % 10 == 9) {
        ErrorClass failure = FAILURES[(i / 10) % FAILURES.length];
        rows.add(row.failed(failure, "synthetic failure of " + pairId).toRow());
        pairs.add(new Pair(pairId, style, failure, List.of(), false));
        continue;
      }
      PairResult result = result(i);
      rows.add(row.succeeded(outputs[i % OUTPUTS]).model("untrained:seed=0", 5).result(result).toRow());
      pairs.add(new Pair(pairId, style, null, result.flags().stream().map(QualityFlag::label).toList(),
          Double.isFinite(result.writtenLossRatio())));
    }
    firstRows = rows.subList(0, Math.min(200, PAIRS));
    spark.createDataFrame(rows, MetricsSchema.SCHEMA).write().partitionBy("run_id")
        .parquet(dir.resolve("metrics").toString());

    long start = System.nanoTime();
    index = Path.of(RunReport.write(spark, dir.resolve("metrics").toString(), null, dir.resolve("report").toString())
        .toUri());
    buildSeconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("report of %d pairs: %d bytes in %.1f s%n", PAIRS, Files.size(index), buildSeconds);
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void theReportIsBoundedAndEverySectionHasTheRowsCounts() throws Exception {
    assertThat(Files.size(index)).isLessThanOrEqualTo(5L << 20);
    long failed = pairs.stream().filter(p -> p.failure() != null).count();
    long flagged = pairs.stream().filter(p -> !p.flags().isEmpty()).count();

    try (HeadlessChromium browser = HeadlessChromium.start(Files.createDirectories(dir.resolve("chromium")))) {
      browser.open(index.toUri());
      assertThat(text(browser, "document.getElementById('summary').innerText"))
          .contains(PAIRS + " (" + failed + " FAILED, " + (PAIRS - failed) + " SUCCEEDED)")
          .contains("flagged pairs\t" + flagged).contains("styles\t" + STYLES).contains("untrained:seed=0");

      Map<String, Long> byFlag = new TreeMap<>(pairs.stream().flatMap(p -> p.flags().stream())
          .collect(Collectors.groupingBy(f -> f, Collectors.counting())));
      assertThat(byFlag).containsOnlyKeys("nan_loss", "flat_output", "no_progress", "out_of_range");
      assertThat(new TreeMap<>(counts(browser, "#flag-counts li", "flag", "pairs"))).isEqualTo(byFlag);
      assertThat(number(browser, "document.querySelectorAll('#flagged-pairs tr[data-flagged-pair-id]').length"))
          .isEqualTo(Math.min(FlaggedPairs.MAX_SHOWN, flagged));

      Map<String, Long> perStyle = pairs.stream().collect(Collectors.groupingBy(Pair::styleUri, Collectors.counting()));
      Map<String, Long> failedPerStyle = pairs.stream().collect(Collectors.groupingBy(Pair::styleUri,
          Collectors.filtering(p -> p.failure() != null, Collectors.counting())));
      assertThat(counts(browser, "#styles tr[data-style-uri]", "styleUri", "pairs")).isEqualTo(perStyle);
      assertThat(counts(browser, "#styles tr[data-style-uri]", "styleUri", "failed")).isEqualTo(failedPerStyle);

      Map<String, Long> perClass = pairs.stream().filter(p -> p.failure() != null)
          .collect(Collectors.groupingBy(p -> p.failure().name(), Collectors.counting()));
      assertThat(counts(browser, "#failures tr.group", "errorClass", "pairs")).isEqualTo(perClass);
      // Each class shows its first three pairs by id, and no more.
      List<String> examples = strings(browser, "Array.from(document.querySelectorAll('#failures tr[data-failed-pair-id]'))"
          + ".map(r => r.cells[1].innerText + ' ' + r.dataset.failedPairId)");
      List<String> expected = new ArrayList<>();
      perClass.keySet().stream().sorted((a, b) -> perClass.get(b).equals(perClass.get(a)) ? a.compareTo(b)
          : Long.compare(perClass.get(b), perClass.get(a))).forEach(errorClass -> pairs.stream()
          .filter(p -> p.failure() != null && p.failure().name().equals(errorClass)).limit(FailureGroups.EXAMPLES)
          .forEach(p -> expected.add(errorClass + " " + p.pairId())));
      assertThat(examples).containsExactlyElementsOf(expected);

      // Every succeeded pair is in four histograms; the NaN pairs' written/last ratio is left out of its own.
      long succeeded = PAIRS - failed;
      long finiteWritten = pairs.stream().filter(Pair::finiteWritten).count();
      assertThat(counts(browser, "#distributions svg.histogram", "metric", null)).isEqualTo(Map.of(
          "total_loss", succeeded, "loss_ratio", succeeded, "written_ratio", finiteWritten, "content_ssim", succeeded,
          "duration", succeeded));

      // The gallery: bounded, with each kind of pick, flagged first, and every thumbnail loaded.
      List<String> reasons = strings(browser,
          "Array.from(document.querySelectorAll('#pairs tr[data-pair-id]')).map(r => r.dataset.reason)");
      assertThat(reasons).hasSizeBetween(GallerySample.RANDOM, GallerySample.ALL_UP_TO);
      assertThat(reasons.get(0)).startsWith("flagged");
      assertThat(String.join(",", reasons)).contains("worst").contains("best").contains("random");
      assertThat(strings(browser, "Array.from(document.images).map(i => i.complete ? i.naturalWidth : -1)"))
          .hasSizeGreaterThanOrEqualTo(2 * reasons.size())
          .allSatisfy(width -> assertThat(Integer.parseInt(width)).isEqualTo(Thumbnails.SIZE));
      assertThat(number(browser, "document.querySelectorAll('#pairs svg.curve polyline').length")).isPositive();
      assertThat(browser.severeConsoleMessages()).isEmpty();
    }
  }

  @Test
  void theSampleIsTheSameEveryTimeHoweverTheRowsArePartitioned() {
    // 200 of the rows, in memory: the picks depend on the rows alone, not on their order or partitions.
    Dataset<Row> some = spark.createDataFrame(firstRows, MetricsSchema.SCHEMA);
    List<GallerySample.Pick> once;
    try (ReportPairs ignored = ReportPairs.of(spark, some.repartition(1))) {
      once = GallerySample.of(spark, firstRows.size());
      assertThat(GallerySample.of(spark, firstRows.size())).isEqualTo(once);
    }
    try (ReportPairs ignored = ReportPairs.of(spark, some.orderBy(org.apache.spark.sql.functions.desc("pair_id"))
        .repartition(7))) {
      assertThat(GallerySample.of(spark, firstRows.size())).isEqualTo(once);
    }
    assertThat(once).hasSizeLessThanOrEqualTo(GallerySample.FLAGGED + GallerySample.WORST + GallerySample.BEST
        + GallerySample.RANDOM);
    assertThat(once.stream().map(GallerySample.Pick::reason).collect(Collectors.joining(",")))
        .contains("flagged").contains("worst").contains("best").contains("random");
  }

  @Test
  void theCachedRowsHaveTheSessionsParallelismNotTheViewsShufflePartitions() {
    Dataset<Row> runs = MetricsView.register(spark, dir.resolve("metrics").toString());
    // The control: the view's rows cached as they come keep its GROUP BY's shuffle partitions (4 here,
    // Spark's default 200 in a user's session), and every section of the report would scan them all.
    Dataset<Row> asTheyCome = runs.persist(StorageLevel.MEMORY_AND_DISK());
    try {
      assertThat(asTheyCome.rdd().getNumPartitions()).isEqualTo(4);
    } finally {
      asTheyCome.unpersist();
    }
    try (ReportPairs ignored = ReportPairs.of(spark, runs)) {
      Dataset<Row> cached = spark.table(ReportPairs.VIEW);
      assertThat(cached.rdd().getNumPartitions()).isEqualTo(spark.sparkContext().defaultParallelism()).isEqualTo(2);
      assertThat(cached.count()).isEqualTo(PAIRS);
    }
  }

  /**
   * A succeeded pair's figures, chosen so each flag is raised by some pairs: no_progress (written above the
   * start), flat_output, out_of_range (written 1.5 × the last iterate) and nan_loss (a NaN last iterate).
   */
  private static PairResult result(int i) {
    double initial = 1.0;
    double written = i % 50 == 3 ? 1.2 : 0.01 + (i % 97) / 100.0;
    double lastIterate = i % 1000 == 11 ? Double.NaN : i % 90 == 7 ? written / 1.5 : written;
    double lumaStdDev = i % 70 == 5 ? 0.5 : 30;
    List<HistoryPoint> history = List.of(new HistoryPoint(1, 16, new LossValues(0, 1e-6, 0, initial)),
        new HistoryPoint(25, 16, new LossValues(0.1, 1e-6, 0, (initial + written) / 2)),
        new HistoryPoint(50, 16, new LossValues(0.1, 1e-6, 0, lastIterate)));
    return new PairResult(new byte[0], ImageFormat.PNG, 16, 16, new LossValues(0, 1e-6, 0, initial),
        new LossValues(0.1, 1e-6, 0, written), new LossValues(0.1, 1e-6, 0, lastIterate), history, 50, 100, 2.0,
        false, Orientation.NORMAL, new PictureQuality(0.2 + (i % 61) / 100.0, lumaStdDev));
  }

  private static String[] images(String kind, int count) throws Exception {
    Path folder = Files.createDirectories(dir.resolve(kind));
    String[] uris = new String[count];
    for (int i = 0; i < count; i++) {
      BufferedImage image = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
      Graphics2D g = image.createGraphics();
      g.setColor(Color.getHSBColor(i / (float) count, 0.7f, 0.9f));
      g.fillRect(0, 0, 16, 16);
      g.setColor(Color.WHITE);
      g.drawLine(0, i % 16, 15, 15 - i % 16);
      g.dispose();
      Path file = folder.resolve(kind + "-" + i + ".png");
      Files.write(file, ImageEncoder.encode(image, ImageFormat.PNG));
      uris[i] = file.toUri().toString();
    }
    return uris;
  }

  /**
   * {dataset[key] → dataset[value]} of the matching elements; with value null, the sum of the elements'
   * bars' data-count.
   */
  private static Map<String, Long> counts(HeadlessChromium browser, String selector, String key, String value)
      throws Exception {
    String count = value == null
        ? "Array.from(e.querySelectorAll('[data-count]')).reduce((s, b) => s + Number(b.dataset.count), 0)"
        : "Number(e.dataset." + value + ")";
    JsonObject map = browser.evaluate("const out = {}; document.querySelectorAll('" + selector + "').forEach(e => "
        + "out[e.dataset." + key + "] = " + count + "); return out;").getAsJsonObject();
    Map<String, Long> counts = new TreeMap<>();
    map.entrySet().forEach(e -> counts.put(e.getKey(), e.getValue().getAsLong()));
    return counts;
  }

  private static String text(HeadlessChromium browser, String expression) throws Exception {
    return browser.evaluate("return " + expression + ";").getAsString();
  }

  private static long number(HeadlessChromium browser, String expression) throws Exception {
    return browser.evaluate("return " + expression + ";").getAsLong();
  }

  private static List<String> strings(HeadlessChromium browser, String expression) throws Exception {
    List<String> values = new ArrayList<>();
    for (JsonElement element : browser.evaluate("return " + expression + ";").getAsJsonArray()) {
      values.add(element.getAsString());
    }
    return values;
  }
}
