package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.HostileImages;
import dev.restyle.testing.Fixtures;
import dev.restyle.testing.LocalSparkCluster;
import dev.restyle.testing.S3ProxyServer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job on a real standalone cluster (a master and two one-core workers, each its own JVM), submitted as
 * users submit it: through jobs/restyle-submit.sh and jobs/nightly.sh, with the shaded jar, in client and
 * cluster deploy mode. Every fact is read from what the cluster's own processes wrote: executor logs under
 * the workers' work dirs, the metrics and images, the launchers' output.
 */
@ExtendWith(LocalSparkCluster.Shared.class)
class ClusterJobIT {

  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);
  private static final Pattern LOADED = Pattern.compile("ExecutorRuntime: loaded VGG19 ");
  private static final Pattern PAIR_DONE = Pattern.compile("pair: pair p\\d+ SUCCEEDED");
  /** Waits for both one-core executors before scheduling, so the pairs can spread. */
  private static final List<String> BOTH_EXECUTORS = List.of("--conf", "spark.cores.max=2",
      "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
      "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=120s");

  /** VGG19 to relu1_2 only: these tests are about the cluster, and a shallow model keeps pairs fast. */
  private static final List<String> BLOCK1 = List.of("--style-layers", "relu1_1", "--content-layer", "relu1_2");

  @TempDir(cleanup = org.junit.jupiter.api.io.CleanupMode.ON_SUCCESS)
  Path dir;

  @Test
  void clusterDeployModeRunsTheDriverOnAWorkerReadsS3aRefusesFileInputsAndHonoursDeviceCpu(
      LocalSparkCluster cluster) throws Exception {
    Path weights = Fixtures.require("vgg19-block1.pth");
    try (S3ProxyServer s3 = S3ProxyServer.start()) {
      String bucket = s3.createRandomBucket("cluster");
      Configuration conf = new Configuration();
      s3.hadoopConf().forEach(conf::set);
      try (FileSystem fs = FileSystem.newInstance(URI.create("s3a://" + bucket + "/"), conf)) {
        upload(fs, weights, "s3a://" + bucket + "/models/vgg19-block1.pth");
        StringBuilder manifest = new StringBuilder("content_uri,style_uri,pair_id\n");
        for (int i = 0; i < 4; i++) {
          upload(fs, HostileImages.png(HostileImages.noise(40, 30)), "s3a://" + bucket + "/in/c" + i + ".png");
          manifest.append("c").append(i).append(".png,s.png,p").append(i).append('\n');
        }
        // On a cluster master, with no --allow-input-prefix, a file: input is refused: it is each executor's disk.
        manifest.append("/etc/passwd,s.png,outside\n");
        upload(fs, HostileImages.png(HostileImages.noise(32, 32)), "s3a://" + bucket + "/in/s.png");
        upload(fs, manifest.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
            "s3a://" + bucket + "/in/pairs.csv");

        List<String> args = new ArrayList<>(List.of("--deploy-mode", "cluster",
            "--conf", "spark.standalone.submit.waitAppCompletion=true",
            "--pairs", "s3a://" + bucket + "/in/pairs.csv", "--output", "s3a://" + bucket + "/out",
            "--weights", "s3a://" + bucket + "/models/vgg19-block1.pth", "--run-id", "s3-cluster",
            "--style-layers", "relu1_1", "--content-layer", "relu1_2", "--size", "32", "--iterations", "3",
            "--master", cluster.masterUrl(), "--max-failed-fraction", "0.5",
            // Spark assigns the workers' fake GPUs, and --device cpu keeps the pairs on the CPU: the control
            // of aGpuAssignedToExecutorsWithoutCudaStopsTheRunWithOneMessage.
            "--conf", "spark.executor.resource.gpu.amount=1", "--conf", "spark.task.resource.gpu.amount=1",
            "--device", "cpu"));
        s3.sparkConf().forEach((key, value) -> args.addAll(List.of("--conf", key + "=" + value)));
        args.addAll(List.of("--conf", "spark.hadoop.fs.s3a.buffer.dir=" + dir.resolve("s3a-buffer")));
        LocalSparkCluster.Submission run = cluster.submit("jobs/restyle-submit.sh", args, Map.of());

        assertThat(run.await(RUN_TIMEOUT)).as(run.output()).isZero();
        assertThat(cluster.driverOutputs()).anySatisfy(driver ->
            assertThat(driver).contains("restyle run s3-cluster: 4 done, 1 failed, 0 skipped of 5 pairs"));
        List<Row> all = JobRunner.metrics("s3a://" + bucket + "/out/metrics", s3.sparkConf());
        Row outside = all.stream().filter(row -> "outside".equals(row.getAs("pair_id"))).findFirst().orElseThrow();
        assertThat(outside.<String>getAs("error_class")).isEqualTo("INPUT_NOT_ALLOWED");
        assertThat(outside.<String>getAs("error_message")).contains("/etc/passwd").doesNotContain("root:");
        List<Row> rows = all.stream().filter(row -> row != outside).toList();
        assertThat(rows).hasSize(4).allSatisfy(row -> {
          assertThat(row.<String>getAs("status")).isEqualTo("SUCCEEDED");
          assertThat(row.<String>getAs("device")).isEqualTo("cpu()");
          assertThat(row.<String>getAs("output_uri")).startsWith("s3a://" + bucket + "/out/images/run_id=s3-cluster/");
          assertThat(decode(fs.open(new org.apache.hadoop.fs.Path(row.<String>getAs("output_uri"))).readAllBytes())
              .getWidth()).isEqualTo(32);
        });
        assertThat(rows.get(0).<String>getAs("weights_id")).isEqualTo(dev.restyle.model.Vgg19Weights.identity(weights));
      }
    }
  }

  @Test
  void anExecutorKilledMidRunLosesNoPairAndLeavesNoPartialImage(LocalSparkCluster cluster) throws Exception {
    Path pairs = catalog(8, Map.of());
    LocalSparkCluster.Submission run = cluster.submit("jobs/restyle-submit.sh", job(cluster, pairs, "kill-executor",
        BOTH_EXECUTORS, "--partitions", "4", "--iterations", "400"), Map.of());

    ProcessHandle victim = awaitFirstPairThenPickExecutor(run);
    victim.destroyForcibly(); // SIGKILL

    assertThat(run.await(RUN_TIMEOUT)).as(run.output()).isZero();
    assertThat(run.output()).as("the kill reached Spark").containsPattern("Lost executor \\d+ on 127\\.0\\.0\\.\\d");
    List<Row> rows = metrics("kill-executor");
    assertThat(rows).hasSize(8).allSatisfy(row -> assertThat(row.<String>getAs("status")).isEqualTo("SUCCEEDED"));
    assertThat(rows.stream().map(row -> row.<String>getAs("pair_id")).distinct()).hasSize(8);
    assertImagesWhole("kill-executor", 8);
  }

  @Test
  void clientModeSpreadsPairsLoadsVgg19OncePerExecutorAndSpeculatesASlowPairWithoutDuplicates(
      LocalSparkCluster cluster) throws Exception {
    Path pairs = catalog(6, Map.of());
    int eventLogsBefore = cluster.eventLogs().size();

    // p5 is in the last of the 6 tasks (by style, then id), so both executors have run a pair before its
    // first attempt straggles; the speculative copy does not wait, wins, and the straggler is killed.
    List<String> spark = new ArrayList<>(BOTH_EXECUTORS);
    spark.addAll(List.of("--jars", observerJar(DelayFirstAttemptOfPair.class).toString(),
        "--conf", DelayFirstAttemptOfPair.PAIR + "=p5"));
    LocalSparkCluster.Submission run = cluster.submit("jobs/restyle-submit.sh", job(cluster, pairs, "client",
        spark, "--partitions", "6", "--iterations", "20",
        "--conf", "spark.speculation=true", "--conf", "spark.speculation.quantile=0.5",
        "--conf", "spark.speculation.multiplier=2", "--conf", "spark.speculation.minTaskRuntime=500ms",
        "--conf", "spark.speculation.interval=100ms"), Map.of());

    assertThat(run.await(RUN_TIMEOUT)).as(run.output()).isZero();
    assertThat(run.output()).contains("restyle run client: 6 done, 0 failed, 0 skipped of 6 pairs")
        .as("a speculative copy of the slow pair's task ran: a second attempt, and no task failed")
        .containsPattern("Marking task \\d+ in stage \\S+ \\(on 127\\.0\\.0\\.\\d\\) as speculatable")
        .containsPattern("Starting task \\d+\\.1 in stage ")
        .containsPattern("Killing attempt 0 for task \\d+\\.0 in stage \\S+ \\(TID \\d+\\) on 127\\.0\\.0\\.\\d as the "
            + "attempt 1 succeeded");
    List<Row> rows = metrics("client");
    assertThat(rows).hasSize(6).allSatisfy(row -> assertThat(row.<String>getAs("status")).isEqualTo("SUCCEEDED"));
    assertThat(rows.stream().map(row -> row.<String>getAs("pair_id")).distinct()).hasSize(6);
    assertImagesWhole("client", 6);

    // From the executors' own logs: both ran pairs (whichever attempt of the slow one was committed), and
    // each JVM loaded VGG19 once for all of its pairs.
    Map<String, String> logs = run.executorLogs();
    assertThat(logs).hasSize(2);
    logs.forEach((executor, log) -> {
      assertThat(count(PAIR_DONE, log)).as("pairs run by executor %s", executor).isPositive();
      assertThat(count(LOADED, log)).as("VGG19 loads in executor %s", executor).isEqualTo(1);
    });
    assertThat(rows).extracting(row -> row.<String>getAs("executor_id")).allMatch(logs::containsKey);
    // The cluster's own spark-defaults.conf (event log on) was loaded next to the project's properties file.
    assertThat(cluster.eventLogs()).hasSize(eventLogsBefore + 1);
  }

  @Test
  void aDriverKilledMidRunIsResumedByTheNightlyRerunDoingOnlyTheRest(LocalSparkCluster cluster) throws Exception {
    Path pairs = catalog(16, Map.of());
    Path output = dir.resolve("out");
    Map<String, String> env = Map.of("RESTYLE_PAIRS", pairs.toString(), "RESTYLE_OUTPUT", output.toString(),
        "RESTYLE_WEIGHTS", "untrained:seed=3");
    List<String> flags = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--size", "32",
        "--iterations", "300", "--optimizer", "adam", "--commit-every", "4", "--partitions", "2",
        "--allow-input-prefix", "file:" + dir));
    flags.addAll(BLOCK1);
    String runId = LocalDate.now(ZoneOffset.UTC).toString();

    LocalSparkCluster.Submission first = cluster.submit("jobs/nightly.sh", flags, env);
    awaitCommittedRows(output.resolve("metrics/run_id=" + runId), first);
    first.process().destroyForcibly(); // SIGKILL of the driver's JVM: the launchers exec it
    first.process().waitFor();
    long committed = JobRunner.metrics(output.resolve("metrics").toString(), Map.of()).size();
    assertThat(committed).isBetween(1L, 15L);

    LocalSparkCluster.Submission rerun = cluster.submit("jobs/nightly.sh", flags, env);
    assertThat(rerun.await(RUN_TIMEOUT)).as(rerun.output()).isZero();
    assertThat(rerun.output()).contains("restyle nightly: run " + runId + " via submit")
        .contains(String.format("%d done, 0 failed, %d skipped of 16 pairs", 16 - committed, committed));
    List<Row> rows = JobRunner.metrics(output.resolve("metrics").toString(), Map.of());
    assertThat(rows).hasSize(16);
    assertThat(rows.stream().map(row -> row.<String>getAs("pair_id")).distinct()).hasSize(16);
  }

  @Test
  void aGpuAssignedToExecutorsWithoutCudaStopsTheRunWithOneMessage(LocalSparkCluster cluster) throws Exception {
    Path pairs = catalog(2, Map.of());
    List<String> gpu = List.of("--conf", "spark.executor.resource.gpu.amount=1",
        "--conf", "spark.task.resource.gpu.amount=1");

    LocalSparkCluster.Submission run = cluster.submit("jobs/restyle-submit.sh",
        job(cluster, pairs, "gpu-no-cuda", gpu), Map.of());

    assertThat(run.await(RUN_TIMEOUT)).as(run.output()).isEqualTo(2);
    String stopped = run.output().lines().filter(line -> line.startsWith("restyle run gpu-no-cuda stopped: "))
        .collect(Collectors.joining("\n"));
    assertThat(stopped.lines()).hasSize(1);
    assertThat(stopped).contains("Spark assigned GPU 0 to this task on executor ")
        .contains("(libtorch 2.7.1, flavor cpu, from ").contains(") have no CUDA").contains("deploy/GPU.md").contains("--device cpu");
    assertThat(Files.exists(dir.resolve("out/metrics/run_id=gpu-no-cuda"))).as("no FAILED rows").isFalse();
    assertThat(run.executorLogs().values()).noneSatisfy(log -> assertThat(log).contains("loaded VGG19"));
    // Its control, the same settings with --device cpu, is the cluster deploy mode test's run.

  }

  @Test
  void guardsTurnAPoisonPairAnOversizedPairAndASlowPairIntoFailedRowsAndTheRunGoesOn(LocalSparkCluster cluster)
      throws Exception {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.write(in.resolve("c.png"), HostileImages.png(HostileImages.noise(40, 30)));
    Files.write(in.resolve("s.png"), HostileImages.png(HostileImages.noise(32, 32)));
    Path pairs = Files.writeString(in.resolve("guards.csv"), "content_uri,style_uri,pair_id,size,iterations,optimizer\n"
        + "c.png,s.png,ok1,,,\nc.png,s.png,poison,,,\nc.png,s.png,huge,8192,,lbfgs\nc.png,s.png,slow,,100000,\n"
        + "c.png,s.png,ok2,,,\n");
    LocalSparkCluster.Submission run = cluster.submit("jobs/restyle-submit.sh", job(cluster, pairs, "guards",
        List.of("--jars", observerJar(KillExecutorOnPair.class).toString(),
            "--conf", KillExecutorOnPair.PAIR + "=poison"),
        "--partitions", "2", "--pair-timeout", "3s", "--max-failed-fraction", "0.75"), Map.of());

    assertThat(run.await(RUN_TIMEOUT)).as(run.output()).isZero();
    assertThat(count(Pattern.compile("Lost executor \\d+ on 127\\.0\\.0\\.\\d"), run.output()))
        .as("the poison pair killed its executor twice").isEqualTo(2);
    Map<String, Row> rows = metrics("guards").stream()
        .collect(Collectors.toMap(row -> row.<String>getAs("pair_id"), row -> row));
    assertThat(rows).containsOnlyKeys("ok1", "ok2", "poison", "huge", "slow");
    assertThat(List.of(rows.get("ok1"), rows.get("ok2")))
        .allSatisfy(row -> assertThat(row.<String>getAs("status")).isEqualTo("SUCCEEDED"));
    assertThat(rows.get("poison").<String>getAs("error_class")).isEqualTo("EXECUTOR_LOST");
    assertThat(rows.get("poison").<String>getAs("error_message")).startsWith("the executor running this pair "
        + "died 2 times while running it");
    assertThat(rows.get("huge").<String>getAs("error_class")).isEqualTo("RESOURCE_LIMIT");
    assertThat(rows.get("huge").<String>getAs("error_message")).startsWith("the pair needs about 378.5 GiB")
        .contains("over the limit of 6.0 GiB per pair (--max-pair-memory auto: spark.executor.memoryOverhead 6g "
            + "over 1 task per executor)");
    assertThat(rows.get("slow").<String>getAs("error_class")).isEqualTo("RESOURCE_LIMIT");
    assertThat(rows.get("slow").<String>getAs("error_message")).startsWith("the pair ran past --pair-timeout 3.0 s");

    // What a rerun makes of the poison pair's row (skipped unless --retry-lost) is RunLedgerTest's, over a row
    // of this shape: two local runs here would cost this suite about 25 s of a cold JVM's first Spark sessions.
  }

  /** A jar with one PairObserver and its service entry, for the executors' class path (--jars). */
  private Path observerJar(Class<? extends PairObserver> observer) throws IOException {
    Path jar = dir.resolve(observer.getSimpleName() + ".jar");
    String resource = observer.getName().replace('.', '/') + ".class";
    try (var out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
        var classBytes = observer.getClassLoader().getResourceAsStream(resource)) {
      out.putNextEntry(new java.util.jar.JarEntry(resource));
      classBytes.transferTo(out);
      out.putNextEntry(new java.util.jar.JarEntry("META-INF/services/" + PairObserver.class.getName()));
      out.write((observer.getName() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
    return jar;
  }

  /** The job's arguments for a catalog of tiny pairs on this cluster, output under the test's dir. */
  private List<String> job(LocalSparkCluster cluster, Path pairs, String runId, List<String> spark,
      String... more) {
    List<String> args = new ArrayList<>(List.of("--master", cluster.masterUrl(), "--pairs", pairs.toString(),
        "--output", dir.resolve("out").toString(), "--weights", "untrained:seed=3", "--run-id", runId,
        "--size", "32", "--iterations", "3", "--optimizer", "adam", "--allow-input-prefix", "file:" + dir));
    args.addAll(BLOCK1);
    args.addAll(spark);
    args.addAll(List.of(more));
    return args;
  }

  /** n pairs of small noise pictures, two styles; iterations per pair id where given. */
  private Path catalog(int n, Map<String, String> iterations) throws IOException {
    Path in = Files.createDirectories(dir.resolve("in"));
    Files.write(in.resolve("style-a.png"), HostileImages.png(HostileImages.noise(32, 32)));
    Files.write(in.resolve("style-b.png"), HostileImages.png(HostileImages.noise(36, 30)));
    StringBuilder csv = new StringBuilder("content_uri,style_uri,pair_id,iterations\n");
    for (int i = 0; i < n; i++) {
      Files.write(in.resolve("c" + i + ".png"), HostileImages.png(HostileImages.noise(40, 30)));
      csv.append("c").append(i).append(".png,style-").append(i % 2 == 0 ? "a" : "b").append(".png,p").append(i)
          .append(',').append(iterations.getOrDefault("p" + i, "")).append('\n');
    }
    return Files.writeString(in.resolve("pairs.csv"), csv);
  }

  private List<Row> metrics(String runId) {
    return JobRunner.metrics(dir.resolve("out/metrics").toString(), Map.of()).stream()
        .filter(row -> runId.equals(row.getAs("run_id"))).toList();
  }

  /** Exactly n images for the run, every one decoding whole at the output size. */
  private void assertImagesWhole(String runId, int n) throws IOException {
    Path images = dir.resolve("out/images/run_id=" + runId);
    try (Stream<Path> files = Files.list(images)) {
      List<Path> visible = files.filter(f -> !f.getFileName().toString().startsWith(".")).toList();
      assertThat(visible).hasSize(n).allSatisfy(image -> assertThat(decode(Files.readAllBytes(image)).getWidth())
          .as(image.toString()).isEqualTo(32));
    }
  }

  private static BufferedImage decode(byte[] bytes) throws IOException {
    BufferedImage image = ImageIO.read(new ByteArrayInputStream(bytes));
    assertThat(image).as("a decodable image").isNotNull();
    return image;
  }

  /** Once some executor has finished a pair, one executor that is still alive. */
  private static ProcessHandle awaitFirstPairThenPickExecutor(LocalSparkCluster.Submission run) throws Exception {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      boolean pairDone = run.executorLogs().values().stream().anyMatch(log -> log.contains(" SUCCEEDED total_loss="));
      List<ProcessHandle> executors = run.executorProcesses();
      if (pairDone && executors.size() == 2) {
        return executors.get(0);
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("no pair finished with two executors alive:\n" + run.output());
  }

  private static void awaitCommittedRows(Path partition, LocalSparkCluster.Submission run) throws Exception {
    long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (Files.isDirectory(partition)) {
        try (Stream<Path> files = Files.list(partition)) {
          if (files.anyMatch(f -> f.getFileName().toString().endsWith(".parquet"))) {
            return;
          }
        }
      }
      if (!run.process().isAlive()) {
        throw new IllegalStateException("the run ended before its first commit:\n" + run.output());
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("no committed metrics after " + RUN_TIMEOUT + ":\n" + run.output());
  }

  private static long count(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    long n = 0;
    while (m.find()) {
      n++;
    }
    return n;
  }

  private static void upload(FileSystem fs, Path local, String uri) throws IOException {
    upload(fs, Files.readAllBytes(local), uri);
  }

  private static void upload(FileSystem fs, byte[] bytes, String uri) throws IOException {
    try (var out = fs.create(new org.apache.hadoop.fs.Path(uri), true)) {
      out.write(bytes);
    }
  }
}
