package dev.restyle.report;

import dev.restyle.image.ImageDecoder;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import dev.restyle.image.ImageLimits;
import dev.restyle.image.ImageResizer;
import dev.restyle.storage.Storage;
import java.util.Base64;
import java.util.Optional;

/**
 * Small JPEG thumbnails embedded as data URIs, read from any Hadoop file system: the report then opens
 * offline, without credentials, wherever it is copied. Made on the executors ({@link ThumbnailJob}).
 */
final class Thumbnails {

  static final int SIZE = 128;
  private static final long MAX_BYTES = 64L << 20;

  private final Storage storage;

  Thumbnails(Storage storage) {
    this.storage = storage;
  }

  /** The thumbnail as a data URI, or empty when the image cannot be read (missing, undecodable, too big). */
  Optional<String> of(String uri) {
    if (uri == null || uri.isBlank()) {
      return Optional.empty();
    }
    try {
      byte[] bytes = storage.readCapped(uri, MAX_BYTES);
      byte[] small = ImageEncoder.encode(ImageResizer.toLongestSide(
          ImageDecoder.decode(bytes, uri, ImageLimits.DEFAULT), SIZE), ImageFormat.JPEG);
      return Optional.of("data:image/jpeg;base64," + Base64.getEncoder().encodeToString(small));
    } catch (Exception e) { // a report shows what it can; the failure is visible as a missing thumbnail
      return Optional.empty();
    }
  }
}
