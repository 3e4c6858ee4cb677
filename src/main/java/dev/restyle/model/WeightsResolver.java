package dev.restyle.model;

import dev.restyle.model.download.DownloadException;
import dev.restyle.model.download.HashedFileName;
import dev.restyle.model.download.HttpFileDownloader;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * Decides which VGG19 weights a run uses, as a spec {@link Vgg19Weights#load} understands:
 *
 * <ol>
 *   <li>an explicitly configured spec (file, URI or {@code untrained:seed=N}), returned as is;
 *   <li>the cached official checkpoint {@code <cacheDir>/vgg19-dcbb9e9d.pth};
 *   <li>if downloads are allowed, the official checkpoint downloaded into the cache (sha256 checked against the
 *       {@code dcbb9e9d} in its name);
 *   <li>otherwise, or when the download fails for any reason, {@code untrained:seed=0} with a one-line warning.
 * </ol>
 *
 * <p>{@link #resolve} never throws for the fallback and never waits longer than the connect/read timeouts.
 */
public final class WeightsResolver {

  /** Where torchvision's checkpoints live. */
  public static final URI OFFICIAL_BASE_URL = URI.create("https://download.pytorch.org/models/");
  /** torchvision's VGG19 ImageNet checkpoint (548 MB); its sha256 starts with {@code dcbb9e9d}. */
  public static final String OFFICIAL_FILE_NAME = "vgg19-dcbb9e9d.pth";
  /** What runs without real weights. */
  public static final String FALLBACK_SPEC = "untrained:seed=0";
  /** Environment variable that overrides the cache directory. */
  public static final String CACHE_ENV = "RESTYLE_WEIGHTS_CACHE";

  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
  public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(60);

  /** Where a run's weights come from. */
  public enum Source {
    CONFIGURED, CACHE, DOWNLOAD, FALLBACK
  }

  /**
   * @param spec for {@link Vgg19Weights#load}
   * @param note one line saying where the weights come from; for {@link Source#FALLBACK} a warning
   * @param realWeights false for {@code untrained:*} specs
   */
  public record Resolved(String spec, String note, boolean realWeights, Source source) {}

  private final Path cacheDir;
  private final boolean downloadsAllowed;
  private final URI url;
  private final Path cached;
  private final PrintStream progress;
  private final HttpFileDownloader downloader;

  /** The official checkpoint, default timeouts. */
  public WeightsResolver(Path cacheDir, boolean downloadsAllowed, PrintStream progress) {
    this(cacheDir, downloadsAllowed, OFFICIAL_BASE_URL, OFFICIAL_FILE_NAME, progress);
  }

  /** Any {@code <name>-<8 hex>.<ext>} file under {@code baseUrl}, default timeouts. */
  public WeightsResolver(Path cacheDir, boolean downloadsAllowed, URI baseUrl, String fileName,
      PrintStream progress) {
    this(cacheDir, downloadsAllowed, baseUrl, fileName, progress, DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT);
  }

  /**
   * @param cacheDir where the checkpoint is looked for and downloaded to (created when needed)
   * @param downloadsAllowed whether a missing checkpoint may be downloaded
   * @param baseUrl the directory URL the file is downloaded from ({@code fileName} is resolved against it)
   * @param fileName {@code <name>-<8 hex of its sha256>.<ext>}
   * @param progress where the download's progress line goes; {@code null} for none
   * @throws IllegalArgumentException when {@code fileName} carries no hash prefix
   */
  public WeightsResolver(Path cacheDir, boolean downloadsAllowed, URI baseUrl, String fileName,
      PrintStream progress, Duration connectTimeout, Duration readTimeout) {
    HashedFileName.parse(fileName);
    this.cacheDir = Objects.requireNonNull(cacheDir, "cacheDir");
    this.downloadsAllowed = downloadsAllowed;
    String base = baseUrl.toString();
    this.url = URI.create(base.endsWith("/") ? base : base + "/").resolve(fileName);
    this.cached = cacheDir.resolve(fileName);
    this.progress = progress;
    this.downloader = new HttpFileDownloader(connectTimeout, readTimeout);
  }

  /** {@code $RESTYLE_WEIGHTS_CACHE} if set and not blank, else {@code <projectDir>/target/weights}. */
  public static Path defaultCacheDir(Path projectDir, Map<String, String> env) {
    String fromEnv = env.get(CACHE_ENV);
    return fromEnv != null && !fromEnv.isBlank() ? Path.of(fromEnv) : projectDir.resolve("target").resolve("weights");
  }

  /** The URL the checkpoint is downloaded from. */
  public URI url() {
    return url;
  }

  /** Where the checkpoint is cached. */
  public Path cachedFile() {
    return cached;
  }

  /**
   * @param configured the user's spec ({@code --weights}); {@code null} or blank when none was given
   */
  public Resolved resolve(String configured) {
    if (configured != null && !configured.isBlank()) {
      boolean untrained = isUntrained(configured);
      return new Resolved(configured, "weights " + configured + " (configured)" + (untrained
          ? ": random weights, not ImageNet's" : ""), !untrained, Source.CONFIGURED);
    }
    if (Files.isRegularFile(cached)) {
      return new Resolved(cached.toString(), "weights " + cached + " (cached " + url + ")", true, Source.CACHE);
    }
    if (!downloadsAllowed) {
      return fallback("downloads are disabled and " + cached + " does not exist");
    }
    try {
      if (progress != null) {
        progress.println("Downloading " + url + " to " + cacheDir + " (once; VGG19 ImageNet weights)");
      }
      String sha256 = downloader.download(url, cached, progress);
      return new Resolved(cached.toString(), "weights " + cached + " (downloaded from " + url + ", sha256 "
          + sha256 + " verified)", true, Source.DOWNLOAD);
    } catch (Exception e) {
      // Anything at all (offline, refused, timeout, HTTP error, checksum, unwritable cache): run untrained.
      return fallback("download failed: " + describe(e));
    }
  }

  /** A malformed spec is the job's to refuse, with its message; here it only decides the note's wording. */
  private static boolean isUntrained(String spec) {
    try {
      return WeightsSource.parse(spec) instanceof WeightsSource.Untrained;
    } catch (RuntimeException e) {
      return false;
    }
  }

  private Resolved fallback(String reason) {
    String warning = "WARNING: no VGG19 ImageNet weights (" + reason + "), using " + FALLBACK_SPEC
        + ": random weights, NOT ImageNet weights, so results are a smoke test, not art. For real ones download "
        + url + " and pass --weights FILE, or put it at " + cached + ".";
    return new Resolved(FALLBACK_SPEC, oneLine(warning), false, Source.FALLBACK);
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    if (e instanceof DownloadException) {
      return message;
    }
    return e.getClass().getSimpleName() + (message == null || message.isBlank() ? "" : ": " + message);
  }

  private static String oneLine(String text) {
    return text.replaceAll("\\s*[\\r\\n]+\\s*", " ");
  }
}
