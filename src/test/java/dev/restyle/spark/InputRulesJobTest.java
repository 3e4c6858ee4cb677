package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.restyle.image.HostileImages;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14, "Inputs reach only where they should", end to end on local[2]: a manifest row pointing at a
 * loopback server that plays the cloud's credentials endpoint, at /etc/passwd, at ftp and at the metadata
 * address. Refused rows are FAILED with INPUT_NOT_ALLOWED and nothing is fetched (the server records every
 * request); no message quotes a file's bytes; the good pairs run (the control), and http under an
 * --allow-input-prefix is fetched, without following a redirect.
 */
class InputRulesJobTest {

  private static final String CREDENTIALS = "{\"AccessKeyId\": \"ASIAEXAMPLEKEY\", \"SecretAccessKey\": \"wJalr\"}";
  private static final String NOT_AN_IMAGE = " is not an image in a known format (PNG, JPEG, WebP, GIF, BMP, TIFF); "
      + "it looks like ";

  @TempDir
  Path dir;

  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private String base;
  private byte[] picture;

  @BeforeEach
  void startServer() throws IOException {
    picture = HostileImages.png(HostileImages.noise(40, 30));
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    base = "http://127.0.0.1:" + server.getAddress().getPort();
    server.createContext("/", exchange -> {
      requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI());
      switch (exchange.getRequestURI().getPath()) {
        case "/creds", "/img/keys.png" -> reply(exchange, 200, CREDENTIALS.getBytes(StandardCharsets.UTF_8));
        case "/img/content.png" -> reply(exchange, 200, picture);
        case "/img/redirect.png" -> {
          exchange.getResponseHeaders().add("Location", base + "/creds");
          reply(exchange, 302, new byte[0]);
        }
        default -> reply(exchange, 404, new byte[0]);
      }
    });
    server.start();
    Files.write(dir.resolve("content.png"), picture);
    Files.write(dir.resolve("style.png"), HostileImages.png(HostileImages.noise(32, 32)));
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  @Test
  void byDefaultNonStorageSchemesAndMetadataAreRefusedAndNothingIsFetched() throws IOException {
    String style = dir.resolve("style.png").toString();
    String metadata = "http://169.254.169.254/latest/meta-data/iam/security-credentials/";
    Map<String, Row> rows = run("defaults", List.of(), List.of(
        "creds," + base + "/creds," + style,
        "ftp,ftp://127.0.0.1:" + server.getAddress().getPort() + "/secret.txt," + style,
        "metadata," + metadata + "," + style,
        "blend," + dir.resolve("content.png") + ",\"" + style + "," + base + "/creds\"",
        "passwd,file:///etc/passwd," + style,
        "good," + dir.resolve("content.png") + "," + style));

    String notStorage = " is not allowed: %s: is not a storage scheme; it is read only under an --allow-input-prefix";
    assertNotAllowed(rows.get("creds"), base + "/creds" + String.format(notStorage, "http"));
    assertNotAllowed(rows.get("ftp"), "ftp://127.0.0.1:" + server.getAddress().getPort() + "/secret.txt"
        + String.format(notStorage, "ftp"));
    assertNotAllowed(rows.get("metadata"), metadata + " is not allowed: its host 169.254.169.254 is a cloud "
        + "metadata address, which a run never reads");
    assertNotAllowed(rows.get("blend"), base + "/creds" + String.format(notStorage, "http"));
    // file: is read on a local master: /etc/passwd is read, refused as no image, and described, not quoted.
    assertFailed(rows.get("passwd"), "INPUT_UNDECODABLE", "file:///etc/passwd" + NOT_AN_IMAGE + "text");
    assertThat(rows.get("good").<String>getAs("status")).isEqualTo("SUCCEEDED");
    assertThat(requests).as("the server saw no request").isEmpty();
  }

  @Test
  void withPrefixesOnlyWhatIsUnderThemIsReadAndHttpFollowsNoRedirect() throws IOException {
    String style = dir.resolve("style.png").toString();
    String folder = "file:" + dir;
    String http = base + "/img/";
    Map<String, Row> rows = run("prefixes", List.of(folder, http), List.of(
        "passwd,file:///etc/passwd," + style,
        "creds," + base + "/creds," + style,
        "redirect," + http + "redirect.png," + style,
        "keys," + http + "keys.png," + style,
        "http_content," + http + "content.png," + style,
        "good," + dir.resolve("content.png") + "," + style));

    String underNone = " is not allowed: it is under no --allow-input-prefix (" + folder + ", " + http + ")";
    assertNotAllowed(rows.get("passwd"), "file:///etc/passwd" + underNone);
    assertNotAllowed(rows.get("creds"), base + "/creds" + underNone);
    assertNotAllowed(rows.get("redirect"), http + "redirect.png is not allowed: the server answers HTTP 302, a "
        + "redirect, and a run follows none");
    assertFailed(rows.get("keys"), "INPUT_UNDECODABLE", http + "keys.png" + NOT_AN_IMAGE + "JSON");
    assertThat(rows.get("http_content").<String>getAs("status")).as("http under a prefix is read")
        .isEqualTo("SUCCEEDED");
    assertThat(rows.get("good").<String>getAs("status")).isEqualTo("SUCCEEDED");
    assertThat(requests).as("only what the prefixes allow, and no redirect followed to /creds")
        .containsExactlyInAnyOrder("GET /img/redirect.png", "GET /img/keys.png", "GET /img/content.png");
  }

  /** Runs the manifest's rows (pair_id,content_uri,style_uri) and returns the metrics rows by pair id. */
  private Map<String, Row> run(String runId, List<String> prefixes, List<String> manifestRows) throws IOException {
    Path manifest = dir.resolve(runId + ".csv");
    Files.writeString(manifest, "pair_id,content_uri,style_uri\n" + String.join("\n", manifestRows) + "\n");
    List<String> args = new java.util.ArrayList<>(List.of("--pairs", manifest.toString(), "--output",
        dir.resolve("result").toString(), "--weights", "untrained:seed=14", "--run-id", runId, "--size", "32",
        "--iterations", "2", "--max-failed-fraction", "1"));
    prefixes.forEach(prefix -> args.addAll(List.of("--allow-input-prefix", prefix)));
    JobRunner.Outcome outcome = JobRunner.run("local[2]", args);
    assertThat(outcome.exitCode()).as(outcome.err()).isZero();
    assertThat(outcome.out()).contains("  inputs                 " + (prefixes.isEmpty()
        ? "s3a, s3, s3n, hdfs, viewfs, gs, abfs, abfss, wasb, wasbs, oss, file; never"
        : "only under " + String.join(", ", prefixes) + "; never"));
    List<Row> metrics = JobRunner.metrics(dir.resolve("result/metrics").toString(), Map.of());
    assertThat(metrics).hasSize(manifestRows.size());
    for (Row row : metrics) {
      String message = String.valueOf(row.<String>getAs("error_message"));
      assertThat(message).as("no message quotes a file's bytes").doesNotContain("root:x", "Access", "ASIA", "wJalr");
    }
    assertThat(outcome.out() + outcome.err()).doesNotContain("root:x", "AccessKeyId");
    return metrics.stream().collect(Collectors.toMap(r -> r.<String>getAs("pair_id"), r -> r));
  }

  private static void assertNotAllowed(Row row, String message) {
    assertFailed(row, "INPUT_NOT_ALLOWED", message);
  }

  private static void assertFailed(Row row, String errorClass, String message) {
    assertThat(row.<String>getAs("status")).as(row.<String>getAs("pair_id")).isEqualTo("FAILED");
    assertThat(row.<String>getAs("error_class")).as(row.<String>getAs("pair_id")).isEqualTo(errorClass);
    assertThat(row.<String>getAs("error_message")).isEqualTo(message);
    assertThat(row.<String>getAs("output_uri")).isNull();
  }

  private static void reply(HttpExchange exchange, int status, byte[] body) throws IOException {
    exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      exchange.getResponseBody().write(body);
    }
    exchange.close();
  }
}
