package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.metrics.MetricsSchema;
import dev.restyle.model.WeightsSource;
import dev.restyle.params.ParamsJson;
import dev.restyle.params.StyleParams;
import dev.restyle.storage.InputPolicy;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Executors read less: a pair whose style targets are already in the executor's cache does not fetch the
 * style image, counted in bytes by Hadoop's own statistics of the file system the pairs read from.
 */
class StyleReadsTest {

  @TempDir
  Path dir;

  @Test
  void aPairWhoseStyleTargetsAreCachedDoesNotReadTheStyleImage() throws IOException {
    Path style = noise(dir.resolve("style.png"), 48, 7);
    List<Path> contents = List.of(noise(dir.resolve("c0.png"), 24, 1), noise(dir.resolve("c1.png"), 20, 2),
        noise(dir.resolve("c2.png"), 28, 3));
    PairTask task = new PairTask(new JobConfig.Output(dir.resolve("out").toString(), "reads"),
        new WeightsSource.Untrained(41), new HadoopConf(new Configuration()),
        new JobConfig.Limits(100_000_000, 64 << 20, 64 << 20, 0, 0, 0),
        InputPolicy.forRun(List.of(), "local[1]", "file:" + dir), new JobProgress(), DeviceChoice.CPU);
    FileSystem.Statistics reads = FileSystem.getStatistics("file", RawLocalFileSystem.class);

    long before = reads.getBytesRead();
    Row first = task.run(pair("p0", contents.get(0), style, "16"), Device.cpu()).toRow();
    long firstRead = reads.getBytesRead() - before;

    before = reads.getBytesRead();
    Row second = task.run(pair("p1", contents.get(1), style, "16"), Device.cpu()).toRow();
    long secondRead = reads.getBytesRead() - before;

    // The control: the same style at another size has other targets, so it is fetched again.
    before = reads.getBytesRead();
    Row third = task.run(pair("p2", contents.get(2), style, "20"), Device.cpu()).toRow();
    long thirdRead = reads.getBytesRead() - before;

    for (Row row : List.of(first, second, third)) {
      assertThat(cell(row, "status")).as(String.valueOf(cell(row, "error_message"))).isEqualTo("SUCCEEDED");
    }
    assertThat(List.of(first, second, third)).extracting(r -> cell(r, "style_cache_hit"))
        .containsExactly(false, true, false);
    long styleBytes = Files.size(style);
    assertThat(firstRead).isEqualTo(Files.size(contents.get(0)) + styleBytes);
    assertThat(secondRead).isEqualTo(Files.size(contents.get(1)));
    assertThat(thirdRead).isEqualTo(Files.size(contents.get(2)) + styleBytes);
  }

  private static Object cell(Row row, String column) {
    return row.get(MetricsSchema.index(column));
  }

  private static PlannedPair pair(String id, Path content, Path style, String size) {
    String json = StyleParams.of(Map.of("size", size, "iterations", "1")).effectiveJson();
    return new PlannedPair(id, content.toString(), style.toString(), json, ParamsJson.hash(json), null, null);
  }

  /** Random pixels: a picture no other test writes, so no cache holds its targets yet. */
  private static Path noise(Path path, int side, long seed) throws IOException {
    BufferedImage picture = new BufferedImage(side, side, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(seed);
    for (int y = 0; y < side; y++) {
      for (int x = 0; x < side; x++) {
        picture.setRGB(x, y, random.nextInt(1 << 24));
      }
    }
    Files.write(path, ImageEncoder.encode(picture, ImageFormat.PNG));
    return path;
  }
}
