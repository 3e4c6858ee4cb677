package dev.restyle.report;

import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import java.io.InputStream;
import java.util.Base64;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Small JPEG thumbnails embedded as data URIs, read from any Hadoop file system: the report then opens
 * offline, without credentials, wherever it is copied.
 */
final class Thumbnails {

  static final int SIZE = 128;
  private static final long MAX_BYTES = 64L << 20;

  private final Configuration conf;

  Thumbnails(Configuration conf) {
    this.conf = conf;
  }

  /** The thumbnail as a data URI, or empty when the image cannot be read (missing, undecodable, too big). */
  Optional<String> of(String uri) {
    if (uri == null || uri.isBlank()) {
      return Optional.empty();
    }
    try {
      Path path = new Path(uri);
      FileSystem fs = path.getFileSystem(conf);
      if (fs.getFileStatus(path).getLen() > MAX_BYTES) {
        return Optional.empty();
      }
      byte[] bytes;
      try (InputStream in = fs.open(path)) {
        bytes = in.readAllBytes();
      }
      byte[] small = ImageEncoder.encode(ImageResizer.toLongestSide(
          ImageDecoder.decode(bytes, uri, ImageLimits.DEFAULT), SIZE), ImageFormat.JPEG);
      return Optional.of("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(small));
    } catch (Exception e) { // a report shows what it can; the failure is visible as a missing thumbnail
      return Optional.empty();
    }
  }
}
