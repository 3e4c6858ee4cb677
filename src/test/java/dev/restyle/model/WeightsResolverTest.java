package dev.restyle.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.restyle.model.WeightsResolver.Resolved;
import dev.restyle.model.WeightsResolver.Source;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WeightsResolverTest {

  private static final byte[] BYTES = fixtureBytes();
  private static final String SHA256 = sha256(BYTES);
  /** Named like torchvision's checkpoints: the first 8 hex digits of its own sha256. */
  private static final String GOOD_NAME = "tiny-" + SHA256.substring(0, 8) + ".pth";
  /** Same bytes, a name whose prefix they do not match. */
  private static final String BAD_NAME = "tiny-" + flipFirstDigit(SHA256.substring(0, 8)) + ".pth";

  @TempDir Path cacheDir;

  private HttpServer server;
  private final AtomicInteger requests = new AtomicInteger();
  private final List<String> paths = new CopyOnWriteArrayList<>();
  /** path → status to answer with; paths not listed get the fixture bytes. */
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, String> redirects = new ConcurrentHashMap<>();
  /** paths whose body stops halfway through the declared length. */
  private final List<String> truncated = new CopyOnWriteArrayList<>();
  private final ByteArrayOutputStream progressBytes = new ByteArrayOutputStream();
  private final PrintStream progress = new PrintStream(progressBytes, true, StandardCharsets.UTF_8);

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", this::handle);
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private void handle(HttpExchange exchange) throws IOException {
    requests.incrementAndGet();
    String path = exchange.getRequestURI().getPath();
    paths.add(path);
    try (exchange) {
      if (redirects.containsKey(path)) {
        exchange.getResponseHeaders().add("Location", redirects.get(path));
        exchange.sendResponseHeaders(302, -1);
      } else if (statuses.containsKey(path)) {
        exchange.sendResponseHeaders(statuses.get(path), -1);
      } else if (truncated.contains(path)) {
        exchange.sendResponseHeaders(200, BYTES.length);
        exchange.getResponseBody().write(BYTES, 0, BYTES.length / 2);
        exchange.getResponseBody().flush();
        throw new IOException("test: cut the body short"); // the server drops the connection
      } else {
        exchange.sendResponseHeaders(200, BYTES.length);
        try (OutputStream body = exchange.getResponseBody()) {
          body.write(BYTES);
        }
      }
    }
  }

  private URI base() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/models/");
  }

  private WeightsResolver resolver(String fileName, boolean downloadsAllowed) {
    return resolver(base(), fileName, downloadsAllowed, Duration.ofSeconds(10));
  }

  private WeightsResolver resolver(URI base, String fileName, boolean downloadsAllowed, Duration readTimeout) {
    return new WeightsResolver(cacheDir, downloadsAllowed, base, fileName, progress, Duration.ofSeconds(2),
        readTimeout);
  }

  @Test
  void downloadsIntoTheCacheThenUsesTheCacheWithoutAnyRequest() throws IOException {
    Resolved first = resolver(GOOD_NAME, true).resolve(null);

    Path file = cacheDir.resolve(GOOD_NAME);
    assertThat(first.source()).isEqualTo(Source.DOWNLOAD);
    assertThat(first.realWeights()).isTrue();
    assertThat(first.spec()).isEqualTo(file.toString());
    assertThat(file).hasBinaryContent(BYTES);
    assertThat(Vgg19Weights.identity(file)).isEqualTo("sha256:" + SHA256);
    assertThat(first.note()).contains("downloaded", base() + GOOD_NAME, SHA256).doesNotContain("\n");
    assertThat(paths).containsExactly("/models/" + GOOD_NAME);
    assertThat(cacheDir).isDirectoryNotContaining("glob:**.part");

    Resolved second = resolver(GOOD_NAME, true).resolve("");

    assertThat(second.source()).isEqualTo(Source.CACHE);
    assertThat(second.spec()).isEqualTo(file.toString());
    assertThat(second.realWeights()).isTrue();
    assertThat(second.note()).contains("cached");
    assertThat(requests).hasValue(1);
  }

  @Test
  void progressShowsPercentagesAndEndsAt100() {
    resolver(GOOD_NAME, true).resolve(null);

    String out = progressBytes.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("Downloading " + base() + GOOD_NAME).containsPattern("\\d+%").endsWith("\n");
    String[] updates = out.strip().split("\r");
    String last = updates[updates.length - 1].strip();
    double mb = BYTES.length / 1e6;
    assertThat(last).contains(GOOD_NAME, "100%", String.format(java.util.Locale.ROOT, "%.1f/%.1f MB", mb, mb),
        "MB/s");
  }

  @Test
  void bytesNotMatchingTheNamesHashFallBackAndLeaveNothingBehind() throws IOException {
    Resolved resolved = resolver(BAD_NAME, true).resolve(null);

    assertFallback(resolved);
    assertThat(resolved.note()).contains("checksum mismatch", "expected it to start with "
        + BAD_NAME.substring(5, 13), "sha256 is " + SHA256);
    assertThat(requests).hasValue(1);
    try (Stream<Path> left = Files.list(cacheDir)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void connectionRefusedFallsBackQuickly() throws IOException {
    int port;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = socket.getLocalPort();
    }
    long start = System.nanoTime();

    Resolved resolved = resolver(URI.create("http://127.0.0.1:" + port + "/models/"), GOOD_NAME, true,
        Duration.ofSeconds(10)).resolve(null);

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    assertFallback(resolved);
    assertThat(resolved.note()).contains("ConnectException");
    assertThat(cacheDir).isEmptyDirectory();
  }

  @Test
  void aServerThatNeverAnswersFallsBackAfterTheReadTimeout() throws IOException {
    List<Socket> accepted = new ArrayList<>();
    try (ServerSocket silent = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      Thread acceptor = new Thread(() -> {
        try {
          accepted.add(silent.accept()); // accept, then say nothing
        } catch (IOException ignored) {
          // closed by the test
        }
      });
      acceptor.setDaemon(true);
      acceptor.start();
      long start = System.nanoTime();

      Resolved resolved = resolver(URI.create("http://127.0.0.1:" + silent.getLocalPort() + "/models/"), GOOD_NAME,
          true, Duration.ofMillis(300)).resolve(null);

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertFallback(resolved);
      assertThat(resolved.note()).contains("SocketTimeoutException");
    } finally {
      for (Socket socket : accepted) {
        socket.close();
      }
    }
    assertThat(cacheDir).isEmptyDirectory();
  }

  @Test
  void http404FallsBack() {
    statuses.put("/models/" + GOOD_NAME, 404);

    Resolved resolved = resolver(GOOD_NAME, true).resolve(null);

    assertFallback(resolved);
    assertThat(resolved.note()).contains("HTTP 404");
    assertThat(requests).hasValue(1);
    assertThat(cacheDir).isEmptyDirectory();
  }

  @Test
  void aBodyCutShortFallsBackAndLeavesNothingBehind() {
    truncated.add("/models/" + GOOD_NAME);

    Resolved resolved = resolver(GOOD_NAME, true).resolve(null);

    assertFallback(resolved);
    assertThat(cacheDir).isEmptyDirectory();
    String out = progressBytes.toString(StandardCharsets.UTF_8);
    assertThat(out).doesNotContain("100%").endsWith("\n");
  }

  @Test
  void createsAMissingCacheDirectory() {
    Path nested = cacheDir.resolve("a").resolve("weights");

    Resolved resolved = new WeightsResolver(nested, true, base(), GOOD_NAME, null).resolve(null);

    assertThat(resolved.source()).isEqualTo(Source.DOWNLOAD);
    assertThat(nested.resolve(GOOD_NAME)).hasBinaryContent(BYTES);
  }

  @Test
  void followsRedirects() {
    String port = String.valueOf(server.getAddress().getPort());
    redirects.put("/models/" + GOOD_NAME, "/mirror/" + GOOD_NAME);
    redirects.put("/mirror/" + GOOD_NAME, "http://127.0.0.1:" + port + "/final/" + GOOD_NAME);

    Resolved resolved = resolver(GOOD_NAME, true).resolve(null);

    assertThat(resolved.source()).isEqualTo(Source.DOWNLOAD);
    assertThat(cacheDir.resolve(GOOD_NAME)).hasBinaryContent(BYTES);
    assertThat(paths).containsExactly("/models/" + GOOD_NAME, "/mirror/" + GOOD_NAME, "/final/" + GOOD_NAME);
  }

  @Test
  void endlessRedirectsFallBack() {
    redirects.put("/models/" + GOOD_NAME, "/models/" + GOOD_NAME);

    Resolved resolved = resolver(GOOD_NAME, true).resolve(null);

    assertFallback(resolved);
    assertThat(resolved.note()).contains("redirects");
    assertThat(requests).hasValue(6);
  }

  @Test
  void anExplicitSpecWinsWithoutAnyRequest() throws IOException {
    Files.write(cacheDir.resolve(GOOD_NAME), BYTES);
    WeightsResolver resolver = resolver(GOOD_NAME, true);

    assertThat(resolver.resolve("/data/models/vgg19.pth"))
        .isEqualTo(new Resolved("/data/models/vgg19.pth", "weights /data/models/vgg19.pth (configured)", true,
            Source.CONFIGURED));
    assertThat(resolver.resolve("s3a://bucket/vgg19-dcbb9e9d.pth").spec()).isEqualTo("s3a://bucket/vgg19-dcbb9e9d.pth");
    Resolved untrained = resolver.resolve("untrained:seed=7");
    assertThat(untrained.spec()).isEqualTo("untrained:seed=7");
    assertThat(untrained.realWeights()).isFalse();
    assertThat(untrained.source()).isEqualTo(Source.CONFIGURED);
    assertThat(requests).hasValue(0);
  }

  @Test
  void downloadsDisabledAndNothingCachedIsUntrainedWithoutAnyRequest() {
    Resolved resolved = resolver(GOOD_NAME, false).resolve(null);

    assertFallback(resolved);
    assertThat(resolved.note()).contains("downloads are disabled");
    assertThat(requests).hasValue(0);
    assertThat(progressBytes.size()).isZero();
  }

  @Test
  void downloadsDisabledUsesTheCache() throws IOException {
    Files.write(cacheDir.resolve(GOOD_NAME), BYTES);

    Resolved resolved = resolver(GOOD_NAME, false).resolve(null);

    assertThat(resolved.source()).isEqualTo(Source.CACHE);
    assertThat(resolved.spec()).isEqualTo(cacheDir.resolve(GOOD_NAME).toString());
    assertThat(requests).hasValue(0);
  }

  @Test
  void theOfficialResolverPointsAtTorchvisionsCheckpoint() {
    WeightsResolver official = new WeightsResolver(cacheDir, false, null);

    assertThat(official.url()).hasToString("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth");
    assertThat(official.cachedFile()).isEqualTo(cacheDir.resolve("vgg19-dcbb9e9d.pth"));
    Resolved resolved = official.resolve(null);
    assertFallback(resolved);
    assertThat(resolved.note()).contains("https://download.pytorch.org/models/vgg19-dcbb9e9d.pth");
  }

  @Test
  void theCacheDirectoryComesFromTheEnvironmentOrTarget() {
    Path project = Path.of("/p");
    assertThat(WeightsResolver.defaultCacheDir(project, Map.of())).isEqualTo(Path.of("/p/target/weights"));
    assertThat(WeightsResolver.defaultCacheDir(project, Map.of("RESTYLE_WEIGHTS_CACHE", " ")))
        .isEqualTo(Path.of("/p/target/weights"));
    assertThat(WeightsResolver.defaultCacheDir(project, Map.of("RESTYLE_WEIGHTS_CACHE", "/cache/w")))
        .isEqualTo(Path.of("/cache/w"));
  }

  private void assertFallback(Resolved resolved) {
    assertThat(resolved.spec()).isEqualTo("untrained:seed=0");
    assertThat(resolved.source()).isEqualTo(Source.FALLBACK);
    assertThat(resolved.realWeights()).isFalse();
    assertThat(resolved.note()).startsWith("WARNING:").contains("NOT ImageNet weights").doesNotContain("\n", "\r");
  }

  private static byte[] fixtureBytes() {
    byte[] bytes = new byte[300_000];
    new Random(42).nextBytes(bytes);
    return bytes;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String flipFirstDigit(String hex) {
    char first = hex.charAt(0);
    return (first == '0' ? '1' : '0') + hex.substring(1);
  }
}
