package dev.restyle.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

/**
 * Debian's headless Chromium driven through ChromeDriver's W3C WebDriver HTTP API, on loopback only.
 * The flags keep it off the network: without the background-networking ones it tries to reach Google.
 */
public final class HeadlessChromium implements AutoCloseable {

  private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
  private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

  private final Process driver;
  private final String base;
  private final String session;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private HeadlessChromium(Process driver, String base, String session) {
    this.driver = driver;
    this.base = base;
    this.session = session;
  }

  /** Starts ChromeDriver and a browser session, or skips the test saying why Chromium is missing. */
  public static HeadlessChromium start(Path profileDir) throws Exception {
    Path unavailable = Fixtures.dir().resolve("BROWSER_UNAVAILABLE");
    assumeTrue(!Files.exists(unavailable), () -> "Chromium unavailable: " + read(unavailable));
    assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
        "Debian's chromium and chromium-driver are not installed (src/test/fixtures/ensure-browser.sh)");
    int port;
    try (ServerSocket socket = new ServerSocket(0)) {
      port = socket.getLocalPort();
    }
    Process driver = new ProcessBuilder(CHROMEDRIVER.toString(), "--port=" + port, "--allowed-ips=127.0.0.1")
        .redirectErrorStream(true).redirectOutput(profileDir.resolve("chromedriver.log").toFile()).start();
    String base = "http://127.0.0.1:" + port;
    HeadlessChromium probe = new HeadlessChromium(driver, base, null);
    try {
      probe.awaitReady();
      JsonObject options = new JsonObject();
      options.addProperty("binary", CHROMIUM.toString());
      JsonArray args = new JsonArray();
      for (String flag : new String[] {"--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-dev-shm-usage",
          "--window-size=1280,1400", "--user-data-dir=" + profileDir.resolve("profile")}) {
        args.add(flag);
      }
      options.add("args", args);
      JsonObject always = new JsonObject();
      always.add("goog:chromeOptions", options);
      JsonObject logging = new JsonObject(); // keeps the page's console, for severeConsoleMessages()
      logging.addProperty("browser", "ALL");
      always.add("goog:loggingPrefs", logging);
      JsonObject capabilities = new JsonObject();
      capabilities.add("alwaysMatch", always);
      JsonObject body = new JsonObject();
      body.add("capabilities", capabilities);
      JsonObject created = probe.call("POST", "/session", body).getAsJsonObject();
      return new HeadlessChromium(driver, base, created.get("sessionId").getAsString());
    } catch (Exception e) {
      driver.destroyForcibly();
      throw e;
    }
  }

  public void open(URI page) throws Exception {
    JsonObject body = new JsonObject();
    body.addProperty("url", page.toString());
    call("POST", "/session/" + session + "/url", body);
  }

  /** Runs a script in the page and returns its result. */
  public JsonElement evaluate(String script) throws Exception {
    JsonObject body = new JsonObject();
    body.addProperty("script", script);
    body.add("args", new JsonArray());
    return call("POST", "/session/" + session + "/execute/sync", body);
  }

  /**
   * The page's console messages at level SEVERE since the last call: script errors, resources that failed
   * to load, markup the browser could not use. ChromeDriver's log endpoint, outside the W3C set.
   */
  public java.util.List<String> severeConsoleMessages() throws Exception {
    JsonObject body = new JsonObject();
    body.addProperty("type", "browser");
    java.util.List<String> severe = new java.util.ArrayList<>();
    for (JsonElement entry : call("POST", "/session/" + session + "/se/log", body).getAsJsonArray()) {
      JsonObject message = entry.getAsJsonObject();
      if ("SEVERE".equals(message.get("level").getAsString())) {
        severe.add(message.get("message").getAsString());
      }
    }
    return severe;
  }

  public void screenshot(Path png) throws Exception {
    String encoded = call("GET", "/session/" + session + "/screenshot", null).getAsString();
    Files.createDirectories(png.getParent());
    Files.write(png, Base64.getDecoder().decode(encoded));
  }

  @Override
  public void close() {
    try {
      if (session != null) {
        call("DELETE", "/session/" + session, null);
      }
    } catch (Exception ignored) {
      // the driver is going away anyway
    } finally {
      driver.destroy();
    }
  }

  private void awaitReady() throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (call("GET", "/status", null).getAsJsonObject().get("ready").getAsBoolean()) {
          return;
        }
      } catch (IOException notYet) {
        // ChromeDriver is still starting
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("ChromeDriver did not start within 30 s");
  }

  private JsonElement call(String method, String path, JsonObject body) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60))
        .header("Content-Type", "application/json");
    request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body.toString()));
    HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    JsonObject json = JsonParser.parseString(response.body()).getAsJsonObject();
    if (response.statusCode() >= 300) {
      throw new IOException("WebDriver " + method + " " + path + " failed: " + response.body());
    }
    return json.get("value");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return e.toString();
    }
  }
}
