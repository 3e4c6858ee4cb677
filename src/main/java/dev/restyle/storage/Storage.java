package dev.restyle.storage;

import dev.restyle.support.AtomicFiles;
import dev.restyle.support.Digests;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Files on any Hadoop file system ({@code s3a://}, {@code hdfs://}, {@code file:}), read with a size cap
 * and written whole or not at all.
 *
 * <p>Object stores publish an object only when its stream closes, so one create/close is atomic there. On
 * file systems with real directories the bytes go to a hidden temporary file first and are renamed into
 * place, so no reader ever sees part of an object.
 */
public final class Storage {

  private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "gs", "abfs", "abfss", "wasb", "wasbs", "oss");

  private static final int HTTP_TIMEOUT_MS = 60_000;

  private final Configuration conf;

  public Storage(Configuration conf) {
    this.conf = conf;
  }

  /**
   * The whole file, refused before reading when it is larger than {@code maxBytes}, and while reading when
   * its size was not known before (http) or it grew.
   *
   * @throws FileNotFoundException naming the URI when it is missing or a directory
   * @throws InputTooLargeException when it is over the cap
   * @throws InputNotAllowedException when an http(s) server answers with a redirect
   */
  public byte[] readCapped(String uri, long maxBytes) throws IOException {
    return input(uri, maxBytes).read();
  }

  /**
   * The input found, with one metadata request, and checked as {@link #readCapped} checks it; its bytes are
   * fetched only when {@link InputFile#read()} is called. http(s) inputs have no version and are fetched then.
   *
   * @throws FileNotFoundException naming the URI when it is missing or a directory
   * @throws InputTooLargeException when it is over the cap
   */
  public InputFile input(String uri, long maxBytes) throws IOException {
    Path path = new Path(uri);
    String scheme = String.valueOf(path.toUri().getScheme()).toLowerCase(java.util.Locale.ROOT);
    if (scheme.equals("http") || scheme.equals("https")) {
      java.net.URL url = path.toUri().toURL();
      return new InputFile(uri, null, () -> readHttp(uri, url, maxBytes));
    }
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(uri + " does not exist");
    }
    if (status.isDirectory()) {
      throw new FileNotFoundException(uri + " is a directory, not an image");
    }
    if (status.getLen() > maxBytes) {
      throw new InputTooLargeException(uri, status.getLen(), maxBytes);
    }
    return InputFile.of(uri, fs, status, maxBytes);
  }

  /** Whether the file is there (one metadata request). */
  public boolean exists(String uri) throws IOException {
    Path path = new Path(uri);
    return path.getFileSystem(conf).exists(path);
  }

  /**
   * One GET that follows no redirect: Hadoop's HttpFileSystem follows them wherever they lead (a metadata
   * address too, past {@link InputPolicy}) and reports no length, so http(s) is read here.
   */
  private static byte[] readHttp(String uri, java.net.URL url, long maxBytes) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) url.openConnection();
    try {
      connection.setInstanceFollowRedirects(false);
      connection.setConnectTimeout(HTTP_TIMEOUT_MS);
      connection.setReadTimeout(HTTP_TIMEOUT_MS);
      int status = connection.getResponseCode();
      if (status >= 300 && status < 400) {
        throw new InputNotAllowedException(uri, "the server answers HTTP " + status + ", a redirect, and a run "
            + "follows none");
      }
      if (status != HttpURLConnection.HTTP_OK) {
        throw new FileNotFoundException(uri + " cannot be read: the server answers HTTP " + status);
      }
      long length = connection.getContentLengthLong();
      if (length > maxBytes) {
        throw new InputTooLargeException(uri, length, maxBytes);
      }
      try (InputStream in = connection.getInputStream()) {
        return readAtMost(in, uri, maxBytes);
      }
    } finally {
      connection.disconnect();
    }
  }

  /** The stream's bytes, refused as soon as there are more than {@code maxBytes}. */
  static byte[] readAtMost(InputStream in, String uri, long maxBytes) throws IOException {
    int cap = (int) Math.min(maxBytes, Integer.MAX_VALUE - 16);
    byte[] bytes = in.readNBytes(cap + 1);
    if (bytes.length > cap) {
      throw new InputTooLargeException(uri, maxBytes);
    }
    return bytes;
  }

  /** The path fully qualified (e.g. {@code file:/…}), as the metrics record it. */
  public Path qualified(Path path) throws OutputWriteException {
    try {
      return path.getFileSystem(conf).makeQualified(path);
    } catch (IOException e) {
      throw new OutputWriteException("cannot resolve output " + path + ": " + e.getMessage(), e);
    }
  }

  /** Writes the object whole, replacing what was there; a reader sees the old bytes or the new ones. */
  public void writeWhole(Path target, byte[] bytes) throws OutputWriteException {
    try {
      FileSystem fs = target.getFileSystem(conf);
      java.nio.file.Path local = LocalDisk.fileOf(fs, target);
      if (local != null) {
        LocalDisk.writeWhole(local, bytes);
        return;
      }
      if (OBJECT_STORES.contains(fs.getScheme())) {
        create(fs, target, bytes);
        return;
      }
      Path temporary = new Path(target.getParent(), "." + target.getName() + "." + System.nanoTime() + ".tmp");
      create(fs, temporary, bytes);
      fs.delete(target, false);
      if (!fs.rename(temporary, target)) {
        fs.delete(temporary, false);
        throw new IOException("rename of " + temporary + " to " + target + " failed");
      }
    } catch (IOException e) {
      throw new OutputWriteException("could not write " + target + ": " + e.getMessage(), e);
    }
  }

  /**
   * Copies a file to local disk atomically, hashing it on the way.
   *
   * @return the SHA-256 of the bytes, in hex
   * @throws FileNotFoundException when the source does not exist
   */
  public String copyToLocal(String uri, java.nio.file.Path local) throws IOException {
    Path source = new Path(uri);
    FileSystem fs = source.getFileSystem(conf);
    MessageDigest digest = Digests.sha256();
    try (InputStream in = fs.open(source)) {
      AtomicFiles.write(local, out -> in.transferTo(new DigestOutputStream(out, digest)));
    }
    return Digests.hex(digest.digest());
  }

  private static void create(FileSystem fs, Path path, byte[] bytes) throws IOException {
    try (FSDataOutputStream out = fs.create(path, true)) {
      out.write(bytes);
    }
  }
}
