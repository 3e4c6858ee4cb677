package dev.restyle.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A real Spark standalone cluster for the tests: a master and two one-core workers, each its own JVM,
 * started by {@code jobs/local-cluster.sh} (the README's recipe) from the pinned Spark version's Maven jars.
 * One cluster serves every test that asks for it ({@code @ExtendWith(LocalSparkCluster.Shared.class)} and a
 * parameter), and it stops when the test run ends.
 *
 * <p>Its workers offer one fake GPU each, so a job that asks Spark for GPUs gets one assigned while the
 * executors have only the CPU natives; a job that asks for none is unaffected. Its own spark-defaults.conf
 * (SPARK_CONF_DIR) turns on Spark's event log, a setting of the kind a real cluster keeps there.
 */
public final class LocalSparkCluster implements AutoCloseable, ExtensionContext.Store.CloseableResource {

  /**
   * The job settings every submission to these one-core, small workers needs. The executors share the
   * test build's DJL cache instead of each unpacking libtorch (430 MB) into its work dir.
   */
  private static List<String> smallExecutors(Path root) {
    String djlCache = root.resolve("target/djl-cache").toString();
    return List.of("--conf", "spark.executor.memory=1g", "--conf", "spark.executor.cores=1",
        "--conf", "spark.task.cpus=1", "--conf", "spark.ui.enabled=false",
        "--conf", "spark.executor.extraJavaOptions=-Dai.djl.offline=true -Dai.djl.pytorch.num_threads=1",
        "--conf", "spark.executorEnv.DJL_CACHE_DIR=" + djlCache,
        "--conf", "spark.executorEnv.ENGINE_CACHE_DIR=" + djlCache);
  }

  private final Path root;
  private final Path state;
  private final String masterUrl;

  private LocalSparkCluster(Path root, Path state, String masterUrl) {
    this.root = root;
    this.state = state;
    this.masterUrl = masterUrl;
  }

  /** JUnit: resolves a {@link LocalSparkCluster} parameter to the one shared cluster, started on first use. */
  public static final class Shared implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == LocalSparkCluster.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL)
          .getOrComputeIfAbsent(LocalSparkCluster.class, key -> start(), LocalSparkCluster.class);
    }
  }

  static LocalSparkCluster start() {
    Path root = Path.of("").toAbsolutePath();
    Path state = root.resolve("target/cluster-tests");
    try {
      Files.createDirectories(state.resolve("conf"));
      Path gpuScript = state.resolve("fake-gpu.sh");
      Files.writeString(gpuScript, "#!/usr/bin/env bash\necho '{\"name\": \"gpu\", \"addresses\": [\"0\"]}'\n");
      gpuScript.toFile().setExecutable(true);
      Path workerConf = state.resolve("worker.properties");
      Files.writeString(workerConf, "spark.worker.resource.gpu.amount 1\n"
          + "spark.worker.resource.gpu.discoveryScript " + gpuScript + "\n");
      Files.createDirectories(state.resolve("events"));
      Files.writeString(state.resolve("conf/spark-defaults.conf"), "spark.eventLog.enabled true\n"
          + "spark.eventLog.dir file:" + state.resolve("events") + "\n");
      Map<String, String> env = Map.of("RESTYLE_CLUSTER_DIR", state.resolve("daemons").toString());
      run(root, env, Duration.ofMinutes(1), "bash", "jobs/local-cluster.sh", "stop"); // a crashed run's leftovers
      Result started = run(root, env, Duration.ofMinutes(3), "bash", "jobs/local-cluster.sh", "start", "--workers", "2", "--cores", "1",
          "--memory", "3g", "--worker-conf", workerConf.toString());
      if (started.exitCode() != 0) {
        throw new IllegalStateException("jobs/local-cluster.sh start failed:\n" + started.output());
      }
      String url = Files.readString(state.resolve("daemons/master-url")).strip();
      LocalSparkCluster cluster = new LocalSparkCluster(root, state, url);
      Runtime.getRuntime().addShutdownHook(new Thread(cluster::close)); // also when the test JVM is stopped
      return cluster;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    run(root, Map.of("RESTYLE_CLUSTER_DIR", state.resolve("daemons").toString()), Duration.ofMinutes(1),
        "bash", "jobs/local-cluster.sh", "stop");
  }

  public String masterUrl() {
    return masterUrl;
  }

  /** The event logs of the applications run so far, one file each. */
  public List<Path> eventLogs() throws IOException {
    try (Stream<Path> files = Files.list(state.resolve("events"))) {
      return files.sorted().toList();
    }
  }

  /**
   * Starts {@code script} (jobs/restyle-submit.sh or jobs/nightly.sh) against this cluster, with Spark's
   * bin/ from the assembled Spark home, the cluster's spark-defaults.conf and the small executors' settings
   * after the given arguments.
   */
  public Submission submit(String script, List<String> args, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(List.of("bash", script));
    command.addAll(args);
    command.addAll(smallExecutors(root));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
    Path sparkHome = root.resolve("target/spark-home");
    builder.environment().put("SPARK_HOME", sparkHome.toString());
    builder.environment().put("SPARK_CONF_DIR", state.resolve("conf").toString());
    builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
    builder.environment().put("SPARK_LOCAL_DIRS", Files.createDirectories(state.resolve("local")).toString());
    builder.environment().putAll(env);
    Path log = Files.createTempFile(Files.createDirectories(state.resolve("submissions")), "submit-", ".log");
    builder.redirectOutput(log.toFile());
    Set<Path> appsBefore = Set.copyOf(applicationDirs());
    return new Submission(builder.start(), log, appsBefore);
  }

  /** What drivers in cluster deploy mode printed: each worker-N/driver-…/stdout and stderr, joined. */
  public List<String> driverOutputs() throws IOException {
    List<String> outputs = new ArrayList<>();
    try (Stream<Path> workers = Files.list(state.resolve("daemons"))) {
      for (Path worker : workers.filter(Files::isDirectory).toList()) {
        try (Stream<Path> drivers = Files.list(worker)) {
          for (Path driver : drivers.filter(p -> p.getFileName().toString().startsWith("driver-")).toList()) {
            outputs.add(Files.readString(driver.resolve("stdout")) + Files.readString(driver.resolve("stderr")));
          }
        }
      }
    }
    return outputs;
  }

  /** The executor work dirs of every application: worker-N/app-…/EXECUTOR_ID, with stdout and stderr. */
  List<Path> applicationDirs() throws IOException {
    List<Path> apps = new ArrayList<>();
    Path daemons = state.resolve("daemons");
    try (Stream<Path> workers = Files.list(daemons)) {
      for (Path worker : workers.filter(p -> p.getFileName().toString().matches("worker-\\d+")).toList()) {
        try (Stream<Path> dirs = Files.list(worker)) {
          dirs.filter(p -> p.getFileName().toString().startsWith("app-")).forEach(apps::add);
        }
      }
    }
    return apps;
  }

  /** One run of a launcher: the process (in client mode, the driver's JVM itself: the scripts exec it). */
  public final class Submission {

    private final Process process;
    private final Path log;
    private final Set<Path> appsBefore;

    private Submission(Process process, Path log, Set<Path> appsBefore) {
      this.process = process;
      this.log = log;
      this.appsBefore = appsBefore;
    }

    public Process process() {
      return process;
    }

    /** Waits for the launcher to exit and returns its exit code. */
    public int await(Duration timeout) throws InterruptedException {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException("submission still running after " + timeout + ":\n" + output());
      }
      return process.exitValue();
    }

    public String output() {
      try {
        return Files.readString(log, StandardCharsets.UTF_8);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    /**
     * The executors this submission's application ran, by executor id: each one's stderr, as its worker
     * wrote it. (Tests run one application at a time, so the new application dirs are this one's.)
     */
    public Map<String, String> executorLogs() throws IOException {
      Map<String, String> logs = new LinkedHashMap<>();
      for (Path app : applicationDirs()) {
        if (appsBefore.contains(app)) {
          continue;
        }
        try (Stream<Path> executors = Files.list(app)) {
          for (Path executor : executors.filter(Files::isDirectory).sorted().toList()) {
            Path stderr = executor.resolve("stderr");
            logs.put(executor.getFileName().toString(), Files.isRegularFile(stderr) ? Files.readString(stderr) : "");
          }
        }
      }
      return logs;
    }

    /** The live executor JVMs of this submission's application. */
    public List<ProcessHandle> executorProcesses() throws IOException {
      List<String> apps = new ArrayList<>();
      for (Path app : applicationDirs()) {
        if (!appsBefore.contains(app)) {
          apps.add(app.getFileName().toString());
        }
      }
      return ProcessHandle.allProcesses().filter(p -> {
        String line = p.info().commandLine().orElse("");
        return line.contains("CoarseGrainedExecutorBackend") && apps.stream().anyMatch(line::contains);
      }).toList();
    }
  }

  record Result(int exitCode, String output) {}

  private static Result run(Path dir, Map<String, String> env, Duration timeout, String... command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
      builder.environment().putAll(env);
      Path log = Files.createTempFile("local-cluster-", ".log");
      builder.redirectOutput(log.toFile());
      Process process = builder.start();
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.join(" ", command) + " still running after " + timeout);
      }
      String output = Files.readString(log);
      Files.delete(log);
      return new Result(process.exitValue(), output);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
