package dev.restyle.image;

/**
 * Walks a JPEG's markers before any decoder sees the bytes: the size from the frame header (SOFn), so the
 * pixel cap needs nothing else, then the whole file up to the end-of-image marker. A truncated JPEG must
 * fail: the decoders return a partly grey image with only a warning.
 *
 * <p>Entropy-coded data after SOS is skipped byte by byte: there, 0xFF is always followed by 0x00 (a
 * stuffed byte) or a restart marker, so any other marker ends the scan. Stray bytes between segments are
 * skipped, as libjpeg does (with a warning). Segments are skipped by their length, so thumbnails inside
 * APPn segments, with their own EOI, are never mistaken for the end.
 */
final class JpegStructure {

  private static final int SOI = 0xD8;
  private static final int EOI = 0xD9;
  private static final int SOS = 0xDA;

  private JpegStructure() {}

  static boolean matches(byte[] bytes) {
    return bytes.length >= 3 && (bytes[0] & 0xFF) == 0xFF && (bytes[1] & 0xFF) == SOI && (bytes[2] & 0xFF) == 0xFF;
  }

  /** The size the first frame header declares; reads only the segments before it. */
  static ImageHeader header(byte[] bytes, String name) {
    return walk(bytes, name, true);
  }

  /** The file holds complete segments and image data up to an end-of-image marker. */
  static void verify(byte[] bytes, String name) {
    walk(bytes, name, false);
  }

  private static ImageHeader walk(byte[] bytes, String name, boolean untilFrame) {
    int at = 2;
    boolean sawScan = false;
    while (true) {
      while (at < bytes.length && (bytes[at] & 0xFF) != 0xFF) {
        at++; // stray bytes before a marker
      }
      while (at < bytes.length && (bytes[at] & 0xFF) == 0xFF) {
        at++; // fill bytes
      }
      if (at >= bytes.length) {
        throw truncated(name);
      }
      int marker = bytes[at] & 0xFF;
      int markerAt = at - 1;
      at++;
      if (marker == EOI) {
        if (untilFrame || !sawScan) {
          throw corrupt(String.format("%s is corrupt: its JPEG data ends (EOI at byte %d) before any %s",
              name, markerAt, untilFrame ? "frame header (SOF)" : "image data (SOS)"));
        }
        return null;
      }
      if (marker == 0x00 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7) || marker == SOI) {
        continue; // no length: TEM, restart markers, a stray 0xFF00 or SOI
      }
      if (bytes.length - at < 2) {
        throw truncated(name);
      }
      int length = uint16(bytes, at);
      if (length < 2) {
        throw corrupt(String.format("%s is corrupt: JPEG segment 0x%02X at byte %d has length %d",
            name, marker, markerAt, length));
      }
      if (length > bytes.length - at) {
        throw corrupt(String.format(
            "%s is truncated: JPEG segment 0x%02X at byte %d declares %d bytes, but the file ends %d bytes later",
            name, marker, markerAt, length, bytes.length - at));
      }
      if (isFrame(marker)) {
        if (length < 8) {
          throw corrupt(String.format("%s is corrupt: its JPEG frame header at byte %d is %d bytes",
              name, markerAt, length));
        }
        int height = uint16(bytes, at + 3);
        int width = uint16(bytes, at + 5);
        if (width == 0 || height == 0) {
          throw corrupt(String.format("%s cannot be decoded: its JPEG frame header declares %d × %d pixels "
              + "(a height set later by a DNL marker is not supported)", name, width, height));
        }
        if (untilFrame) {
          return new ImageHeader(width, height);
        }
      }
      at += length;
      if (marker == SOS) {
        if (untilFrame) {
          throw corrupt(name + " is corrupt: its JPEG image data (SOS) comes before any frame header (SOF)");
        }
        sawScan = true;
        at = endOfScan(bytes, at);
        if (at < 0) {
          throw truncated(name);
        }
      }
    }
  }

  /** Where the entropy-coded data that starts at {@code at} ends (at its next marker's 0xFF), or -1. */
  private static int endOfScan(byte[] bytes, int at) {
    while (at + 1 < bytes.length) {
      if ((bytes[at] & 0xFF) == 0xFF) {
        int next = bytes[at + 1] & 0xFF;
        if (next == 0x00 || (next >= 0xD0 && next <= 0xD7)) {
          at += 2;
          continue;
        }
        if (next != 0xFF) {
          return at;
        }
      }
      at++;
    }
    return -1;
  }

  /** SOF0..SOF15, less DHT (C4), JPG (C8) and DAC (CC), which share the range. */
  private static boolean isFrame(int marker) {
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
  }

  private static int uint16(byte[] bytes, int at) {
    return ((bytes[at] & 0xFF) << 8) | (bytes[at + 1] & 0xFF);
  }

  private static ImageException truncated(String name) {
    return corrupt(name + " is truncated: its JPEG data ends without an end-of-image marker (FF D9)");
  }

  private static ImageException corrupt(String message) {
    return new ImageException(ImageException.Reason.UNDECODABLE, message);
  }
}
