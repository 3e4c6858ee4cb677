package dev.restyle.spark;

import dev.restyle.storage.OutputWriteException;
import dev.restyle.storage.Storage;
import org.apache.hadoop.fs.Path;

/**
 * Writes stylized images at deterministic keys, {@code <output>/images/run_id=<run>/<pair_id>.<ext>}, so
 * a retried task overwrites the same key with the same bytes, and each image appears whole or not at all.
 */
final class ImageSink {

  private final Path imagesDir;
  private final Storage storage;

  ImageSink(JobConfig.Output output, Storage storage) {
    this.imagesDir = new Path(new Path(output.uri(), "images"), "run_id=" + output.runId());
    this.storage = storage;
  }

  /** The image's key, fully qualified (e.g. {@code file:/…}), as the metrics record it. */
  Path pathFor(String pairId, String extension) throws OutputWriteException {
    return storage.qualified(new Path(imagesDir, pairId + "." + extension));
  }

  void write(Path target, byte[] bytes) throws OutputWriteException {
    storage.writeWhole(target, bytes);
  }
}
