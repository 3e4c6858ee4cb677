package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.testing.S3ProxyServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * s3a credentials never appear in what a run leaves behind: not in the printed configuration, stdout or
 * stderr, the log (captured at INFO, and DEBUG for s3a and Restyle), the images, the metrics Parquet files
 * (searched as bytes), _SUCCESS markers or the HTML report. Each run really authenticates against S3 on
 * loopback (S3Proxy, random keys per server) with the credentials given one way: Spark's
 * {@code spark.hadoop.fs.s3a.*}, Hadoop's per-bucket {@code fs.s3a.bucket.<b>.*}, or the environment.
 */
class SecretsJobTest {

  private static final List<String> CREDENTIAL_KEYS = List.of("fs.s3a.access.key", "fs.s3a.secret.key",
      "fs.s3a.aws.credentials.provider");

  private static S3ProxyServer s3;

  @BeforeAll
  static void startS3() {
    s3 = S3ProxyServer.start();
  }

  @AfterAll
  static void stopS3() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Test
  void keysGivenAsSparkHadoopConfNeverAppearInOutputsOrLogs(@TempDir Path dir) throws Exception {
    String bucket = uploadInputs("global");
    List<String> conf = List.of(
        "--conf", "spark.hadoop.fs.s3a.aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        "--conf", "spark.hadoop.fs.s3a.access.key=" + s3.accessKey(),
        "--conf", "spark.hadoop.fs.s3a.secret.key=" + s3.secretKey());
    InProcessRun run = runInProcess(dir, bucket, conf);

    assertThat(run.out()).contains("  conf spark.hadoop.fs.s3a.secret.key *****")
        .contains("  conf spark.hadoop.fs.s3a.access.key *****");
    assertNoSecret(run.everything(), outputFiles(bucket, dir.resolve("report")));
  }

  @Test
  void perBucketHadoopKeysNeverAppearInOutputsOrLogs(@TempDir Path dir) throws Exception {
    String bucket = uploadInputs("bucket");
    String prefix = "spark.hadoop.fs.s3a.bucket." + bucket + ".";
    List<String> conf = List.of(
        "--conf", prefix + "aws.credentials.provider=org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider",
        "--conf", prefix + "access.key=" + s3.accessKey(),
        "--conf", prefix + "secret.key=" + s3.secretKey());
    InProcessRun run = runInProcess(dir, bucket, conf);

    assertThat(run.out()).contains("  conf " + prefix + "secret.key *****");
    assertThat(run.log()).contains("Updating fs.s3a.secret.key from"); // s3a really took the per-bucket key
    assertNoSecret(run.everything(), outputFiles(bucket, dir.resolve("report")));
  }

  /** spark-submit's entry point in its own JVM, keys only in AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY. */
  @Test
  void keysFromTheEnvironmentNeverAppearInOutputsOrLogs(@TempDir Path dir) throws Exception {
    String bucket = uploadInputs("env");
    Path log4j = dir.resolve("log4j2-debug.properties");
    Files.writeString(log4j, String.join("\n",
        "rootLogger.level = info",
        "rootLogger.appenderRef.stderr.ref = stderr",
        "appender.stderr.type = Console",
        "appender.stderr.name = stderr",
        "appender.stderr.target = SYSTEM_ERR",
        "appender.stderr.layout.type = PatternLayout",
        "appender.stderr.layout.pattern = %d{HH:mm:ss} %p %c: %m%n",
        "logger.s3a.name = org.apache.hadoop.fs.s3a",
        "logger.s3a.level = debug",
        "logger.restyle.name = dev.restyle",
        "logger.restyle.level = debug", ""));
    List<String> args = new ArrayList<>(jobArgs(dir, bucket));
    args.addAll(List.of("--master", "local[1]", "--conf",
        "spark.hadoop.fs.s3a.aws.credentials.provider="
            + "software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider"));
    s3ConfWithoutCredentials().forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));

    ChildJvm.Result run = ChildJvm.runJob(dir, List.of("-Xmx1g", "-Dai.djl.pytorch.num_threads=1",
        "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath()),
        Map.of("AWS_ACCESS_KEY_ID", s3.accessKey(), "AWS_SECRET_ACCESS_KEY", s3.secretKey()), args, 150);

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("restyle run secrets: 2 done, 0 failed, 0 skipped of 2 pairs");
    assertThat(run.err()).as("s3a's DEBUG log is really on").contains("DEBUG org.apache.hadoop.fs.s3a.")
        .contains("INFO dev.restyle.pair: pair ")
        .containsPattern("using credentials AWSCredentialProviderList.*\\[EnvironmentVariableCredentialsProvider\\(\\)]");
    assertNoSecret("stdout:\n" + run.out() + "\nstderr and log:\n" + run.err(),
        outputFiles(bucket, dir.resolve("report")));
  }

  private record InProcessRun(JobRunner.Outcome outcome, String systemOut, String log) {
    String out() {
      return outcome.out();
    }

    String everything() {
      return "stdout:\n" + outcome.out() + "\nstderr:\n" + outcome.err() + "\nSystem.out/err:\n" + systemOut
          + "\nlog:\n" + log;
    }
  }

  private static InProcessRun runInProcess(Path dir, String bucket, List<String> credentials) {
    List<String> args = new ArrayList<>(jobArgs(dir, bucket));
    s3ConfWithoutCredentials().forEach((k, v) -> args.addAll(List.of("--conf", k + "=" + v)));
    args.addAll(credentials);
    PrintStream stdout = System.out;
    PrintStream stderr = System.err;
    ByteArrayOutputStream direct = new ByteArrayOutputStream();
    PrintStream capture = new PrintStream(direct, true, StandardCharsets.UTF_8);
    JobRunner.Outcome outcome;
    String log;
    try (LogCapture logs = new LogCapture("org.apache.hadoop.fs.s3a", "dev.restyle")) {
      System.setOut(capture);
      System.setErr(capture);
      try {
        outcome = JobRunner.run("local[2]", args);
      } finally {
        System.setOut(stdout);
        System.setErr(stderr);
      }
      log = logs.text();
    }
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    assertThat(outcome.out()).contains("restyle run secrets: 2 done, 0 failed, 0 skipped of 2 pairs");
    assertThat(log).as("s3a's DEBUG log and Restyle's pair lines are really captured")
        .contains("DEBUG org.apache.hadoop.fs.s3a.").contains("INFO dev.restyle.pair: pair ");
    return new InProcessRun(outcome, direct.toString(StandardCharsets.UTF_8), log);
  }

  private static List<String> jobArgs(Path dir, String bucket) {
    return List.of("--pairs", "s3a://" + bucket + "/catalog/pairs.csv", "--output", "s3a://" + bucket + "/restyle",
        "--weights", "untrained:seed=50", "--run-id", "secrets", "--style-layers", "relu1_1", "--content-layer",
        "relu1_2", "--size", "32", "--iterations", "2", "--report", dir.resolve("report").toString(),
        "--conf", "spark.ui.enabled=false");
  }

  private static Map<String, String> s3ConfWithoutCredentials() {
    Map<String, String> conf = new LinkedHashMap<>();
    s3.sparkConf().forEach((key, value) -> {
      if (CREDENTIAL_KEYS.stream().noneMatch(key::endsWith)) {
        conf.put(key, value);
      }
    });
    return conf;
  }

  /** A fresh bucket with two content images, a style and a CSV manifest with relative URIs. */
  private static String uploadInputs(String prefix) throws IOException {
    String bucket = s3.createRandomBucket(prefix);
    Configuration conf = new Configuration();
    s3.hadoopConf().forEach(conf::set);
    try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + bucket + "/"), conf)) {
      put(fs, "s3a://" + bucket + "/catalog/c1.png", png(40, 30, 1));
      put(fs, "s3a://" + bucket + "/catalog/c2.png", png(30, 40, 2));
      put(fs, "s3a://" + bucket + "/catalog/s1.png", png(32, 32, 3));
      put(fs, "s3a://" + bucket + "/catalog/pairs.csv",
          "content_uri,style_uri\nc1.png,s1.png\nc2.png,s1.png\n".getBytes(StandardCharsets.UTF_8));
    }
    return bucket;
  }

  /** Everything the run wrote, as S3Proxy stores it (one file per object), and the report directory. */
  private static List<Path> outputFiles(String bucket, Path report) throws IOException {
    List<Path> files = new ArrayList<>();
    for (Path root : List.of(s3.dataDir().resolve(bucket), report)) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile).forEach(files::add);
      }
    }
    List<String> paths = files.stream().map(Path::toString).toList();
    assertThat(paths).as("images, metrics and the report were written")
        .anyMatch(p -> p.contains("/restyle/images/run_id=secrets/") && p.endsWith(".png"))
        .anyMatch(p -> p.contains("/restyle/metrics/run_id=secrets/") && p.endsWith(".parquet"))
        .noneMatch(p -> p.contains("/restyle/metrics/_staging/")) // staged waves are published and removed
        .anyMatch(p -> p.endsWith("/report/index.html"));
    return files;
  }

  private static void assertNoSecret(String printedAndLogged, List<Path> files) throws IOException {
    for (String secret : List.of(s3.secretKey(), s3.accessKey())) {
      assertThat(printedAndLogged).as("printed or logged").doesNotContain(secret);
      byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
      for (Path file : files) {
        assertThat(indexOf(Files.readAllBytes(file), needle)).as("%s contains a credential", file).isEqualTo(-1);
      }
    }
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static void put(FileSystem fs, String uri, byte[] bytes) throws IOException {
    try (OutputStream out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
      out.write(bytes);
    }
  }

  private static byte[] png(int width, int height, long seed) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    return ImageEncoder.encode(image, ImageFormat.PNG);
  }
}
