package dev.restyle.storage;

import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;

/**
 * An input found by one metadata request (a HEAD on object stores), whose bytes are fetched only when
 * {@link #read()} is called, and whose {@link #version()} says which version of the file it is without
 * reading it.
 */
public final class InputFile {

  private final String uri;
  private final String version;
  private final Reader reader;

  @FunctionalInterface
  interface Reader {
    byte[] read() throws IOException;
  }

  InputFile(String uri, String version, Reader reader) {
    this.uri = uri;
    this.version = version;
    this.reader = reader;
  }

  /** A file on a Hadoop file system, from its status; the read reuses the status instead of asking again. */
  static InputFile of(String uri, FileSystem fs, FileStatus status, long maxBytes) {
    return new InputFile(uri, version(status), () -> {
      // openFile with the known status: S3A then skips the HEAD that open() would send.
      try (InputStream in = fs.openFile(status.getPath()).withFileStatus(status).build().get()) {
        return Storage.readAtMost(in, uri, maxBytes);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while opening " + uri, e);
      }
    });
  }

  /**
   * {@code <length>@<modification time in ms>}: what a listing or a HEAD says, so it changes when the
   * file is replaced (on object stores every overwrite is a new object with a new time), at the price of
   * no byte read.
   */
  public static String version(FileStatus status) {
    return status.getLen() + "@" + status.getModificationTime();
  }

  public String uri() {
    return uri;
  }

  /** The version of the file, or null where the storage gives none (http). */
  public String version() {
    return version;
  }

  /** The bytes, fetched now, refused over the cap. */
  public byte[] read() throws IOException {
    return reader.read();
  }
}
