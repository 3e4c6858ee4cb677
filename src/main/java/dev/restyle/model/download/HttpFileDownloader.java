package dev.restyle.model.download;

import dev.restyle.support.AtomicFiles;
import dev.restyle.support.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Locale;

/**
 * Downloads one file over HTTP(S) into place: streams into a temporary file next to the target
 * ({@link AtomicFiles}), hashes while writing, checks the sha256 against the prefix in the target's name,
 * then renames atomically. Nothing is left
 * behind on failure. Redirects are followed by hand (also across http/https, which {@link HttpURLConnection}
 * does not do), up to {@link #MAX_REDIRECTS}.
 */
public final class HttpFileDownloader {

  public static final int MAX_REDIRECTS = 5;

  private final Duration connectTimeout;
  private final Duration readTimeout;

  /**
   * @param connectTimeout for each TCP connect
   * @param readTimeout for each read from the socket (a stalled transfer fails after this long)
   */
  public HttpFileDownloader(Duration connectTimeout, Duration readTimeout) {
    this.connectTimeout = connectTimeout;
    this.readTimeout = readTimeout;
  }

  /**
   * Downloads {@code url} to {@code target}, whose file name must be {@code <name>-<hex>.<ext>}.
   *
   * @param progress where the progress line goes; {@code null} for none
   * @return the sha256 of the file, in hex
   * @throws ChecksumMismatchException when the bytes' sha256 does not start with the name's prefix
   * @throws DownloadException for HTTP errors, too many redirects and truncated bodies
   * @throws IOException for connection and file errors
   */
  public String download(URI url, Path target, PrintStream progress) throws IOException {
    HashedFileName expected = HashedFileName.parse(target.getFileName().toString());
    HttpURLConnection connection = open(url);
    try {
      long length = connection.getContentLengthLong();
      MessageDigest digest = Digests.sha256();
      String[] sha256 = new String[1];
      ProgressLine line = progress == null ? null : ProgressLine.of(progress, target.getFileName().toString(), length);
      // Throwing inside the write aborts it: the target is only ever the whole, verified file.
      AtomicFiles.write(target, out -> {
        long done = 0;
        try (InputStream in = connection.getInputStream()) {
          byte[] buffer = new byte[1 << 16];
          if (line != null) {
            line.update(0);
          }
          for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            out.write(buffer, 0, n);
            digest.update(buffer, 0, n);
            done += n;
            if (line != null) {
              line.update(done);
            }
          }
          if (length >= 0 && done != length) {
            throw new DownloadException("truncated download from " + url + ": got " + done + " of " + length
                + " bytes");
          }
        } catch (IOException | RuntimeException e) {
          if (line != null) {
            line.abandon();
          }
          throw e;
        }
        if (line != null) {
          line.finish(done);
        }
        sha256[0] = Digests.hex(digest.digest());
        if (!expected.matches(sha256[0])) {
          throw new ChecksumMismatchException(url.toString(), expected, sha256[0]);
        }
      });
      return sha256[0];
    } finally {
      connection.disconnect();
    }
  }

  /** Opens {@code url} and follows redirects until a 200; anything else is a {@link DownloadException}. */
  private HttpURLConnection open(URI url) throws IOException {
    URI current = url;
    for (int redirects = 0; ; redirects++) {
      String scheme = current.getScheme() == null ? "" : current.getScheme().toLowerCase(Locale.ROOT);
      if (!scheme.equals("http") && !scheme.equals("https")) {
        throw new DownloadException("cannot download " + current + ": only http and https are supported");
      }
      URL asUrl = current.toURL();
      HttpURLConnection connection = (HttpURLConnection) asUrl.openConnection();
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout(Math.toIntExact(connectTimeout.toMillis()));
      connection.setReadTimeout(Math.toIntExact(readTimeout.toMillis()));
      connection.setRequestProperty("User-Agent", "restyle");
      connection.setRequestProperty("Accept-Encoding", "identity");
      boolean ok = false;
      try {
        int status = connection.getResponseCode();
        if (status == HttpURLConnection.HTTP_OK) {
          ok = true;
          return connection;
        }
        if (isRedirect(status)) {
          String location = connection.getHeaderField("Location");
          if (location == null) {
            throw new DownloadException("HTTP " + status + " without a Location header from " + current);
          }
          if (redirects >= MAX_REDIRECTS) {
            throw new DownloadException("more than " + MAX_REDIRECTS + " redirects from " + url);
          }
          try {
            current = current.resolve(location.trim());
          } catch (IllegalArgumentException e) {
            throw new DownloadException("bad redirect Location '" + location + "' from " + current, e);
          }
          continue;
        }
        String message = connection.getResponseMessage();
        throw new DownloadException("HTTP " + status + (message == null || message.isBlank() ? "" : " " + message)
            + " from " + current);
      } finally {
        if (!ok) {
          connection.disconnect();
        }
      }
    }
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }
}
