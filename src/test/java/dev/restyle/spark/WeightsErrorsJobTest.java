package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.HostileImages;
import dev.restyle.testing.Fixtures;
import dev.restyle.testing.S3ProxyServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * "Hostile inputs": unusable weights stop the job on the driver with exit code 1 and a message that names
 * the problem, before any pair runs: no model is loaded on an executor, no image and no metrics are
 * written (the output location is never created).
 */
class WeightsErrorsJobTest {

  @Test
  void missingWeightsFile(@TempDir Path dir) throws IOException {
    Path absent = dir.resolve("models/vgg19-absent.pth");
    assertStopsBeforeAnyPair(dir, absent.toString(), "weights file " + absent + " does not exist");
  }

  @Test
  void truncatedWeightsFile(@TempDir Path dir) throws IOException {
    Path truncated = truncatedCopy(dir);
    assertStopsBeforeAnyPair(dir, truncated.toString(), truncated + " is a truncated or corrupt zip archive");
  }

  @Test
  void stateDictOfAnotherNetwork(@TempDir Path dir) throws IOException {
    Path resnet = Fixtures.require("resnet-like.pth");
    assertStopsBeforeAnyPair(dir, resnet.toString(), resnet + " is not a torchvision VGG19 state dict: key "
        + "'features.0.weight' is missing (it has 3 keys: conv1.weight, bn1.weight, fc.weight)");
  }

  @Test
  void wrongShapes(@TempDir Path dir) throws IOException {
    Path wrong = Fixtures.require("vgg19-wrong-shape.pth");
    assertStopsBeforeAnyPair(dir, wrong.toString(),
        wrong + ": 'features.0.weight' has shape (32, 3, 3, 3), VGG19 expects (64, 3, 3, 3)");
  }

  /** The same checks for weights on s3a (copied to local disk on the driver first), output on s3a. */
  @Test
  void missingAndTruncatedWeightsOnS3(@TempDir Path dir) throws IOException {
    Path truncated = truncatedCopy(dir);
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      String bucket = s3.createRandomBucket("weights");
      Configuration conf = new Configuration();
      s3.hadoopConf().forEach(conf::set);
      try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + bucket + "/"), conf)) {
        try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path("s3a://" + bucket + "/models/cut.pth"))) {
          out.write(Files.readAllBytes(truncated));
        }
        String output = "s3a://" + bucket + "/restyle";
        List<String> s3Conf = new ArrayList<>();
        s3.sparkConf().forEach((key, value) -> s3Conf.addAll(List.of("--conf", key + "=" + value)));

        String absent = "s3a://" + bucket + "/models/absent.pth";
        JobRunner.Outcome missing = assertStopsBeforeAnyPair(dir, absent, output, s3Conf,
            "weights file " + absent + " does not exist");
        String cut = "s3a://" + bucket + "/models/cut.pth";
        JobRunner.Outcome cutRun = assertStopsBeforeAnyPair(dir, cut, output, s3Conf,
            "is a truncated or corrupt zip archive");
        // The message names what the user gave, not only the driver's local copy of it.
        assertThat(cutRun.err()).contains(cut);
        assertThat(fs.exists(new org.apache.hadoop.fs.Path(output))).isFalse();
        assertThat(missing.out() + missing.err() + cutRun.out() + cutRun.err()).doesNotContain(s3.secretKey());
      }
    }
  }

  private static Path truncatedCopy(Path dir) throws IOException {
    byte[] whole = Files.readAllBytes(Fixtures.require("vgg19-block1.pth"));
    Path truncated = dir.resolve("vgg19-block1-truncated.pth");
    Files.write(truncated, Arrays.copyOf(whole, whole.length / 2)); // an interrupted download or copy
    return truncated;
  }

  private static void assertStopsBeforeAnyPair(Path dir, String weights, String message) throws IOException {
    Path output = dir.resolve("result");
    assertStopsBeforeAnyPair(dir, weights, output.toString(), List.of(), message);
    assertThat(output).doesNotExist(); // no images/, no metrics/, no _SUCCESS
  }

  private static JobRunner.Outcome assertStopsBeforeAnyPair(Path dir, String weights, String output,
      List<String> extra, String message) throws IOException {
    Path content = dir.resolve("content.png");
    Path style = dir.resolve("style.png");
    Files.write(content, HostileImages.png(HostileImages.noise(40, 30)));
    Files.write(style, HostileImages.png(HostileImages.noise(32, 32)));
    Path manifest = dir.resolve("pairs.csv");
    Files.writeString(manifest, "content_uri,style_uri\n" + content + "," + style + "\n");
    List<String> args = new ArrayList<>(List.of("--pairs", manifest.toString(), "--output", output, "--weights",
        weights, "--run-id", "bad-weights", "--size", "32", "--iterations", "1"));
    args.addAll(extra);
    long loadsBefore = ExecutorRuntime.modelLoads();

    JobRunner.Outcome run = JobRunner.run("local[1]", args);

    assertThat(run.exitCode()).as(run.out() + run.err()).isEqualTo(1);
    assertThat(run.err()).startsWith("restyle run: ").contains(message);
    assertThat(run.err().lines().count()).as(run.err()).isEqualTo(1); // one clear line, no stack trace
    assertThat(run.out()).doesNotContain("pairs in"); // no summary: the run never started
    assertThat(ExecutorRuntime.modelLoads()).isEqualTo(loadsBefore);
    return run;
  }
}
