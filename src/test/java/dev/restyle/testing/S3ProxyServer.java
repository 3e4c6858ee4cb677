package dev.restyle.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server on 127.0.0.1 for tests: S3Proxy with its filesystem backend, started as a separate JVM.
 *
 * <p>S3Proxy runs in its own process because its Jetty 12 needs Servlet 6 while Spark 4.1 pins Servlet 5;
 * it is never on the test class path. Maven copies its jar-with-dependencies to {@code
 * target/s3proxy/s3proxy.jar} in {@code process-test-resources}; the system property {@value #JAR_PROPERTY}
 * (set by surefire) points at it.
 *
 * <p>Each server listens on a free loopback port, enforces AWS v2/v4 signatures with a random access and
 * secret key, and keeps its buckets, logs and the s3a buffer directory in its own directory under {@code
 * target/s3proxy/}. {@link #close()} stops the process (no orphans; a shutdown hook covers a test JVM that
 * exits without closing) and deletes the stored data, keeping {@code s3proxy.log} for post-mortems.
 *
 * <pre>{@code
 * try (S3ProxyServer s3 = S3ProxyServer.start()) {
 *   s3.createBucket("images");
 *   Configuration conf = new Configuration();
 *   s3.hadoopConf().forEach(conf::set);
 *   FileSystem fs = FileSystem.newInstance(URI.create("s3a://images/"), conf);
 * }
 * }</pre>
 *
 * <p>Hadoop caches {@code FileSystem.get} instances by scheme, bucket and user, not by configuration: with
 * several servers in one JVM give each its own bucket names, or use {@code FileSystem.newInstance}.
 */
public final class S3ProxyServer implements AutoCloseable {

  /** System property with the S3Proxy jar-with-dependencies (surefire sets it). */
  public static final String JAR_PROPERTY = "restyle.s3proxy.jar";

  /** The jar when {@value #JAR_PROPERTY} is not set (tests run from the project directory). */
  public static final Path DEFAULT_JAR = Path.of("target", "s3proxy", "s3proxy.jar");

  /** The region s3a is told, so that the SDK never probes for one. S3Proxy accepts any region. */
  public static final String REGION = "us-east-1";

  private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int OUTPUT_TAIL_LINES = 200;

  /** Jetty's "Started oejs.ServerConnector@1a2b{HTTP/1.1, (http/1.1)}{127.0.0.1:41234}". */
  private static final Pattern STARTED =
      Pattern.compile("Started \\S*ServerConnector@\\S*\\{[^}]*}\\{(?:127\\.0\\.0\\.1|localhost):(\\d+)}");

  private static final SecureRandom RANDOM = new SecureRandom();

  private final Process process;
  private final Thread shutdownHook;
  private final Path runDir;
  private final Path dataDir;
  private final Path bufferDir;
  private final Path logFile;
  private final String accessKey;
  private final String secretKey;
  private final Deque<String> outputTail = new ArrayDeque<>();
  private final CompletableFuture<Integer> port = new CompletableFuture<>();
  private volatile boolean closed;

  private S3ProxyServer(Path jar, Path runDir) throws IOException {
    this.runDir = runDir;
    this.dataDir = Files.createDirectories(runDir.resolve("data"));
    this.bufferDir = Files.createDirectories(runDir.resolve("s3a-buffer"));
    Path tmpDir = Files.createDirectories(runDir.resolve("tmp"));
    this.logFile = runDir.resolve("s3proxy.log");
    this.accessKey = "AK" + randomHex(9).toUpperCase(java.util.Locale.ROOT);
    this.secretKey = randomHex(20);

    Path properties = runDir.resolve("s3proxy.properties");
    Files.writeString(
        properties,
        String.join(
            "\n",
            "s3proxy.endpoint=http://127.0.0.1:0",
            "s3proxy.authorization=aws-v2-or-v4",
            "s3proxy.identity=" + accessKey,
            "s3proxy.credential=" + secretKey,
            "jclouds.provider=filesystem",
            "jclouds.filesystem.basedir=" + dataDir.toAbsolutePath(),
            ""),
        StandardCharsets.UTF_8);

    ProcessBuilder builder =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmpDir.toAbsolutePath(),
                "-jar",
                jar.toAbsolutePath().toString(),
                "--properties",
                properties.toAbsolutePath().toString())
            .directory(runDir.toFile())
            .redirectErrorStream(true)
            .redirectInput(ProcessBuilder.Redirect.PIPE);
    // The port is read from Jetty's INFO line: make sure an inherited LOG_LEVEL=warn cannot hide it.
    Map<String, String> env = builder.environment();
    env.put("LOG_LEVEL", "info");
    env.put("JETTY_LOG_LEVEL", "info");
    env.put("LOG_APPENDER", "STDOUT");
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("JDK_JAVA_OPTIONS");

    this.process = builder.start();
    process.getOutputStream().close();
    this.shutdownHook = new Thread(this::destroyProcess, "s3proxy-shutdown-" + process.pid());
    Runtime.getRuntime().addShutdownHook(shutdownHook);
    Thread reader = new Thread(this::pumpOutput, "s3proxy-output-" + process.pid());
    reader.setDaemon(true);
    reader.start();
  }

  /** Starts a server with the jar from {@value #JAR_PROPERTY}, in a new directory under its folder. */
  public static S3ProxyServer start() {
    Path jar = Path.of(System.getProperty(JAR_PROPERTY, DEFAULT_JAR.toString()));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(
          "S3Proxy jar not found at "
              + jar.toAbsolutePath()
              + " (system property "
              + JAR_PROPERTY
              + "); run `mvn process-test-resources` once so Maven copies it there");
    }
    Path runs = jar.toAbsolutePath().getParent().resolve("runs");
    return start(jar, runs);
  }

  /** Starts a server with the given jar, keeping its files in a new directory under {@code runsDir}. */
  public static S3ProxyServer start(Path jar, Path runsDir) {
    S3ProxyServer server;
    try {
      Files.createDirectories(runsDir);
      server = new S3ProxyServer(jar, Files.createTempDirectory(runsDir, "run-"));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start S3Proxy from " + jar, e);
    }
    try {
      server.awaitStarted();
      return server;
    } catch (RuntimeException | Error e) {
      server.close();
      throw e;
    }
  }

  private void awaitStarted() {
    try {
      port.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException(
          "S3Proxy did not report its port within " + START_TIMEOUT.toSeconds() + " s; output:\n" + output());
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause().getMessage() + "; output:\n" + output(), e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for S3Proxy to start", e);
    }
  }

  private void pumpOutput() {
    try (BufferedReader in =
            new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8)) {
      String line;
      while ((line = in.readLine()) != null) {
        log.write(line);
        log.write('\n');
        log.flush();
        synchronized (outputTail) {
          outputTail.addLast(line);
          if (outputTail.size() > OUTPUT_TAIL_LINES) {
            outputTail.removeFirst();
          }
        }
        if (!port.isDone()) {
          Matcher m = STARTED.matcher(line);
          if (m.find()) {
            port.complete(Integer.parseInt(m.group(1)));
          }
        }
      }
    } catch (IOException e) {
      // The stream closes when the process is destroyed; nothing else to do.
    } finally {
      if (!port.isDone()) {
        port.completeExceptionally(
            new IllegalStateException(exitDescription("S3Proxy exited before reporting its port")));
      }
    }
  }

  private String exitDescription(String what) {
    try {
      if (process.waitFor(2, TimeUnit.SECONDS)) {
        return what + " (exit code " + process.exitValue() + ")";
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return what;
  }

  /** The last lines S3Proxy printed (also written in full to {@link #logFile()}). */
  public String output() {
    synchronized (outputTail) {
      return String.join("\n", outputTail);
    }
  }

  /** The port S3Proxy listens on, on 127.0.0.1. */
  public int port() {
    return port.join();
  }

  /** {@code http://127.0.0.1:PORT}: the S3 endpoint, path-style. */
  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port());
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** Where the filesystem backend keeps the buckets: one directory each, objects as files below. */
  public Path dataDir() {
    return dataDir;
  }

  /** Everything this server wrote: data, logs, the s3a buffer directory. Under target/. */
  public Path runDir() {
    return runDir;
  }

  public Path logFile() {
    return logFile;
  }

  /**
   * Creates a bucket through the S3 API (a signed PUT Bucket, so S3Proxy validates the name and its
   * backend sets the bucket up its own way) and returns its name.
   */
  public String createBucket(String bucket) {
    try (S3Client s3 = client()) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    return bucket;
  }

  /** A bucket with a fresh random name with the given prefix, e.g. {@code restyle-3f9a0c1e}. */
  public String createRandomBucket(String prefix) {
    return createBucket(prefix + "-" + randomHex(4));
  }

  /** A plain SDK client for this server (path-style, fixed region, its credentials). Close it. */
  public S3Client client() {
    return S3Client.builder()
        .endpointOverride(endpoint())
        .region(Region.of(REGION))
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .build();
  }

  /**
   * The s3a settings for this server: endpoint and region fixed (no region probe), path-style plain HTTP,
   * only the simple key/secret credentials provider (no environment, profile or instance-metadata lookups),
   * the upload buffer under target/, and few retries so that a broken test fails fast.
   */
  public Map<String, String> hadoopConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    conf.put("fs.s3a.endpoint", endpoint().toString());
    conf.put("fs.s3a.endpoint.region", REGION);
    conf.put("fs.s3a.path.style.access", "true");
    conf.put("fs.s3a.connection.ssl.enabled", "false");
    conf.put("fs.s3a.aws.credentials.provider", "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
    conf.put("fs.s3a.access.key", accessKey);
    conf.put("fs.s3a.secret.key", secretKey);
    conf.put("fs.s3a.buffer.dir", bufferDir.toAbsolutePath().toString());
    conf.put("fs.s3a.attempts.maximum", "2");
    conf.put("fs.s3a.retry.limit", "2");
    conf.put("fs.s3a.retry.interval", "100ms");
    return conf;
  }

  /** {@link #hadoopConf()} with each key prefixed {@code spark.hadoop.}, for a SparkConf / SparkSession. */
  public Map<String, String> sparkConf() {
    Map<String, String> conf = new LinkedHashMap<>();
    hadoopConf().forEach((k, v) -> conf.put("spark.hadoop." + k, v));
    return conf;
  }

  /** Stops S3Proxy and waits for it, then deletes the stored data (the log stays). Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    destroyProcess();
    try {
      Runtime.getRuntime().removeShutdownHook(shutdownHook);
    } catch (IllegalStateException e) {
      // The JVM is already shutting down; the hook runs (or ran) destroyProcess itself.
    }
    deleteQuietly(dataDir);
    deleteQuietly(bufferDir);
    deleteQuietly(runDir.resolve("tmp"));
    deleteQuietly(runDir.resolve("s3proxy.properties"));
  }

  private void destroyProcess() {
    if (!process.isAlive()) {
      return;
    }
    process.destroy();
    try {
      if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteQuietly(Path path) {
    if (!Files.exists(path)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(path)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | UncheckedIOException e) {
      // Best effort: it is all under target/.
    }
  }

  private static String randomHex(int bytes) {
    byte[] b = new byte[bytes];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  @Override
  public String toString() {
    return "S3ProxyServer[" + (port.isDone() && !port.isCompletedExceptionally() ? endpoint() : "starting") + "]";
  }
}
