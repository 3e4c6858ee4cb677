package dev.restyle.spark;

import java.io.IOException;
import java.util.Set;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes stylized images at deterministic keys, {@code <output>/images/run_id=<run>/<pair_id>.<ext>}, so
 * a retried task overwrites the same key with the same bytes. Object stores publish an object only on
 * close, so one create/close is atomic there; on file systems with real directories the bytes go to a
 * hidden temporary file first and are renamed into place, so no partial image is ever visible.
 */
public final class ImageSink {

  private static final Set<String> OBJECT_STORES = Set.of("s3a", "s3", "gs", "abfs", "abfss", "wasb", "wasbs", "oss");

  private final Path imagesDir;
  private final Configuration conf;

  public ImageSink(String output, String runId, Configuration conf) {
    this.imagesDir = new Path(new Path(output, "images"), "run_id=" + runId);
    this.conf = conf;
  }

  /** The image's key, fully qualified (e.g. {@code file:/…}), as the metrics record it. */
  public Path pathFor(String pairId, String extension) throws OutputWriteException {
    Path path = new Path(imagesDir, pairId + "." + extension);
    try {
      return path.getFileSystem(conf).makeQualified(path);
    } catch (IOException e) {
      throw new OutputWriteException("cannot resolve output " + path + ": " + e.getMessage(), e);
    }
  }

  public void write(Path target, byte[] bytes) throws OutputWriteException {
    try {
      FileSystem fs = target.getFileSystem(conf);
      if (OBJECT_STORES.contains(fs.getScheme())) {
        writeOnce(fs, target, bytes);
      } else {
        Path temporary = new Path(target.getParent(), "." + target.getName() + "." + System.nanoTime() + ".tmp");
        writeOnce(fs, temporary, bytes);
        fs.delete(target, false);
        if (!fs.rename(temporary, target)) {
          fs.delete(temporary, false);
          throw new IOException("rename of " + temporary + " to " + target + " failed");
        }
      }
    } catch (IOException e) {
      throw new OutputWriteException("could not write " + target + ": " + e.getMessage(), e);
    }
  }

  private static void writeOnce(FileSystem fs, Path path, byte[] bytes) throws IOException {
    try (FSDataOutputStream out = fs.create(path, true)) {
      out.write(bytes);
    }
  }
}
