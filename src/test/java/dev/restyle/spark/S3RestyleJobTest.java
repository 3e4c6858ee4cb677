package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.model.Vgg19Weights;
import dev.restyle.testing.Fixtures;
import dev.restyle.testing.S3ProxyServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

/** The real job against a real S3 server on loopback: catalog, weights, images and metrics all in s3a. */
class S3RestyleJobTest {

  @Test
  void runsFourPairsFromS3ThenANightlyRunOverTheGrownCatalogReusesThemThenARerunCompactsInS3() throws Exception {
    Path weights = Fixtures.require("vgg19-block1.pth");
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      String bucket = s3.createRandomBucket("restyle");
      Configuration conf = new Configuration();
      s3.hadoopConf().forEach(conf::set);
      try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + bucket + "/"), conf)) {
        upload(fs, Path.of("samples/content/sunset_hills.png"), "s3a://" + bucket + "/catalog/content/sunset hills.png");
        upload(fs, Path.of("samples/content/house_by_lake.png"), "s3a://" + bucket + "/catalog/content/house.png");
        upload(fs, Path.of("samples/style/swirls.png"), "s3a://" + bucket + "/catalog/style/swirls.png");
        upload(fs, Path.of("samples/style/mosaic.png"), "s3a://" + bucket + "/catalog/style/mosaic.png");
        upload(fs, weights, "s3a://" + bucket + "/models/vgg19-block1.pth");
        write(fs, "s3a://" + bucket + "/catalog/pairs.csv", "content_uri,style_uri\n"
            + "content/sunset hills.png,style/swirls.png\ncontent/sunset hills.png,style/mosaic.png\n"
            + "content/house.png,style/swirls.png\ncontent/house.png,style/mosaic.png\n");

        List<String> args = new ArrayList<>(List.of("--pairs", "s3a://" + bucket + "/catalog/pairs.csv",
            "--output", "s3a://" + bucket + "/restyle", "--weights", "s3a://" + bucket + "/models/vgg19-block1.pth",
            "--run-id", "2026-11-22", "--style-layers", "relu1_1", "--content-layer", "relu1_2", "--size", "32",
            "--iterations", "3", "--report", s3.runDir().resolve("report").toString(),
            "--conf", "spark.hadoop.fs.s3a.buffer.dir=" + s3.runDir().resolve("buffer")));
        s3.sparkConf().forEach((key, value) -> args.addAll(List.of("--conf", key + "=" + value)));
        JobRunner.Outcome run = JobRunner.run("local[2]", args);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("4 done, 0 failed, 0 skipped of 4 pairs");
        FileStatus[] images = fs.listStatus(new org.apache.hadoop.fs.Path(
            "s3a://" + bucket + "/restyle/images/run_id=2026-11-22"));
        assertThat(images).hasSize(4);
        assertThat(Arrays.stream(images)).allSatisfy(image -> assertThat(image.getLen()).isGreaterThan(500));

        List<Row> rows = JobRunner.metrics("s3a://" + bucket + "/restyle/metrics", s3.sparkConf());
        assertThat(rows).hasSize(4).allSatisfy(row -> {
          assertThat(row.<String>getAs("status")).isEqualTo("SUCCEEDED");
          assertThat(row.<String>getAs("output_uri")).startsWith("s3a://" + bucket + "/restyle/images/run_id=2026-11-22/");
          assertThat(row.<String>getAs("content_uri")).startsWith("s3a://" + bucket + "/catalog/content/");
        });
        assertThat(rows.get(0).<String>getAs("weights_id")).isEqualTo(Vgg19Weights.identity(weights));
        assertThat(run.out() + run.err()).doesNotContain(s3.secretKey());

        // The report reads metrics and images from s3a and embeds thumbnails, so it opens offline.
        String report = Files.readString(s3.runDir().resolve("report/index.html"));
        assertThat(report.split("data-pair-id=", -1)).hasSize(5);
        assertThat(report.split("src=\"data:image/jpeg;base64,", -1)).hasSize(13); // 4 × content, style, output
        assertThat(report).doesNotContain("src=\"s3a:").doesNotContain(s3.secretKey());

        // The next night, the catalog grown by one pair: only that pair runs, and the run records the other
        // four as REUSED rows pointing at the first night's images in s3a.
        upload(fs, Path.of("samples/style/brush_strokes.png"), "s3a://" + bucket + "/catalog/style/brush.png");
        write(fs, "s3a://" + bucket + "/catalog/pairs.csv", "content_uri,style_uri\n"
            + "content/sunset hills.png,style/swirls.png\ncontent/sunset hills.png,style/mosaic.png\n"
            + "content/house.png,style/swirls.png\ncontent/house.png,style/mosaic.png\ncontent/house.png,style/brush.png\n");
        List<String> nextNight = new ArrayList<>(args);
        nextNight.set(nextNight.indexOf("2026-11-22"), "2026-11-23");
        nextNight.add("--skip-done");
        JobRunner.Outcome grown = JobRunner.run("local[2]", nextNight);

        assertThat(grown.exitCode()).as(grown.err()).isZero();
        assertThat(grown.out()).contains("1 done, 0 failed, 0 skipped, 4 reused of 5 pairs");
        List<Row> night2 = JobRunner.metrics("s3a://" + bucket + "/restyle/metrics", s3.sparkConf()).stream()
            .filter(row -> "2026-11-23".equals(row.getAs("run_id"))).toList();
        assertThat(night2).hasSize(5);
        assertThat(night2.stream().filter(row -> "REUSED".equals(row.getAs("status"))))
            .hasSize(4).allSatisfy(row -> assertThat(row.<String>getAs("output_uri"))
                .startsWith("s3a://" + bucket + "/restyle/images/run_id=2026-11-22/"));
        assertThat(night2.stream().filter(row -> "SUCCEEDED".equals(row.getAs("status"))))
            .singleElement().satisfies(row -> assertThat(row.<String>getAs("output_uri"))
                .startsWith("s3a://" + bucket + "/restyle/images/run_id=2026-11-23/"));
        assertThat(fs.listStatus(new org.apache.hadoop.fs.Path("s3a://" + bucket + "/restyle/images/run_id=2026-11-23")))
            .hasSize(1);

        // The first night run again over the grown catalog, a commit per pair: its partition then holds 4 + 5
        // files, over the bound of 8, and the run's end compacts them in s3a into one file with every attempt.
        org.apache.hadoop.fs.Path night1 = new org.apache.hadoop.fs.Path("s3a://" + bucket
            + "/restyle/metrics/run_id=2026-11-22");
        assertThat(parquetFiles(fs, night1)).as("before the rerun").hasSize(4);
        List<String> again = new ArrayList<>(args);
        again.addAll(List.of("--commit-every", "1"));
        JobRunner.Outcome rerun = JobRunner.run("local[2]", again);

        assertThat(rerun.exitCode()).as(rerun.err()).isZero();
        assertThat(rerun.out()).contains("5 done, 0 failed, 0 skipped of 5 pairs")
            .contains("metrics files          1 under run_id=2026-11-22");
        assertThat(parquetFiles(fs, night1)).hasSize(1);
        List<Row> night1Rows = JobRunner.metrics("s3a://" + bucket + "/restyle/metrics", s3.sparkConf()).stream()
            .filter(row -> "2026-11-22".equals(row.getAs("run_id"))).toList();
        assertThat(night1Rows).hasSize(9);
        assertThat(night1Rows.stream().map(row -> row.<String>getAs("pair_id")).distinct()).hasSize(5);
        org.apache.hadoop.fs.Path journals = new org.apache.hadoop.fs.Path("s3a://" + bucket + "/restyle/metrics/"
            + RunCompaction.JOURNALS + "/run_id=2026-11-22");
        assertThat(fs.exists(journals) ? fs.listStatus(journals) : new FileStatus[0]).as("no journal left behind")
            .isEmpty();
      }
    }
  }

  private static List<FileStatus> parquetFiles(FileSystem fs, org.apache.hadoop.fs.Path partition) throws IOException {
    return Arrays.stream(fs.listStatus(partition)).filter(f -> f.getPath().getName().endsWith(".parquet")).toList();
  }

  private static void upload(FileSystem fs, Path local, String uri) throws IOException {
    try (var out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
      out.write(Files.readAllBytes(local));
    }
  }

  private static void write(FileSystem fs, String uri, String text) throws IOException {
    try (var out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
      out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
  }

}
