package dev.restyle.spark;

import dev.restyle.storage.OutputWriteException;
import dev.restyle.storage.Storage;
import org.apache.hadoop.fs.Path;

/**
 * Writes stylized images at deterministic keys, {@code <output>/images/run_id=<run>/<pair_id>.<ext>}, so
 * a retried task overwrites the same key with the same bytes, and each image appears whole or not at all.
 */
final class ImageSink {

  static final String PROGRESS = "_progress";

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

  /**
   * Where a pair's picture of one iteration goes: {@code <images>/_progress/<pair_id>/iter0050.<ext>}. Readers
   * of a dataset skip folders whose names start with {@code _}, and nothing reads images/ by listing it: a
   * pair's output is the row's output_uri.
   */
  Path progressPathFor(String pairId, String name, String extension) throws OutputWriteException {
    return storage.qualified(new Path(new Path(new Path(imagesDir, PROGRESS), pairId), name + "." + extension));
  }

  void write(Path target, byte[] bytes) throws OutputWriteException {
    storage.writeWhole(target, bytes);
  }
}
