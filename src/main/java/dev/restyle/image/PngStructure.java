package dev.restyle.image;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Walks a PNG's chunks before ImageIO sees the bytes: the header from IHDR (so the pixel cap needs nothing
 * else), then every chunk's CRC and the final IEND. The JDK's PNG reader ignores CRC errors and decodes
 * corrupt data without a word, so without this walk a damaged PNG would become a silently wrong image.
 * Cost: one CRC32 pass over the file, no allocation.
 */
final class PngStructure {

  private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
  private static final int IHDR_LENGTH = 13;

  private PngStructure() {}

  static boolean matches(byte[] bytes) {
    return bytes.length >= SIGNATURE.length
        && Arrays.equals(bytes, 0, SIGNATURE.length, SIGNATURE, 0, SIGNATURE.length);
  }

  /** The size IHDR declares; reads only the signature and IHDR, whose CRC must hold. */
  static ImageHeader header(byte[] bytes, String name) {
    int at = SIGNATURE.length;
    if (bytes.length < at + 8 + IHDR_LENGTH + 4) {
      throw corrupt(name + " is truncated: it ends inside its PNG header (" + bytes.length + " bytes)");
    }
    String type = type(bytes, at + 4);
    if (!type.equals("IHDR") || uint32(bytes, at) != IHDR_LENGTH) {
      throw corrupt(String.format("%s is corrupt: its first PNG chunk is '%s' of %d bytes, not a 13-byte IHDR",
          name, printable(type), uint32(bytes, at)));
    }
    checkCrc(bytes, at, IHDR_LENGTH, name);
    long width = uint32(bytes, at + 8);
    long height = uint32(bytes, at + 12);
    if (width == 0 || height == 0 || width > Integer.MAX_VALUE || height > Integer.MAX_VALUE) {
      throw corrupt(String.format("%s is corrupt: its PNG header declares %d × %d pixels", name, width, height));
    }
    return new ImageHeader((int) width, (int) height);
  }

  /** Every chunk is complete and has the right CRC, up to IEND; bytes after IEND are ignored, as viewers do. */
  static void verify(byte[] bytes, String name) {
    int at = SIGNATURE.length;
    while (true) {
      if (bytes.length - at < 12) {
        throw corrupt(String.format("%s is truncated: the PNG ends after %d bytes without an IEND chunk",
            name, bytes.length));
      }
      long length = uint32(bytes, at);
      String type = type(bytes, at + 4);
      if (length > bytes.length - at - 12L) {
        throw corrupt(String.format(
            "%s is truncated: PNG chunk %s at byte %d declares %d data bytes, but the file ends %d bytes later",
            name, printable(type), at, length, bytes.length - at - 8));
      }
      checkCrc(bytes, at, (int) length, name);
      if (type.equals("IEND")) {
        return;
      }
      at += 12 + (int) length;
    }
  }

  /** The data of the first chunk of this type, in a PNG already {@link #verify verified}. */
  static Optional<byte[]> chunk(byte[] bytes, String wanted) {
    int at = SIGNATURE.length;
    while (bytes.length - at >= 12) {
      int length = (int) uint32(bytes, at);
      String type = type(bytes, at + 4);
      if (type.equals(wanted)) {
        return Optional.of(Arrays.copyOfRange(bytes, at + 8, at + 8 + length));
      }
      if (type.equals("IEND")) {
        break;
      }
      at += 12 + length;
    }
    return Optional.empty();
  }

  private static void checkCrc(byte[] bytes, int chunkStart, int length, String name) {
    CRC32 crc = new CRC32();
    crc.update(bytes, chunkStart + 4, 4 + length); // type and data, not the length
    long stored = uint32(bytes, chunkStart + 8 + length);
    if (crc.getValue() != stored) {
      throw corrupt(String.format(
          "%s is corrupt: PNG chunk %s at byte %d has CRC %08x, but its contents give %08x",
          name, printable(type(bytes, chunkStart + 4)), chunkStart, stored, crc.getValue()));
    }
  }

  private static long uint32(byte[] bytes, int at) {
    return ((bytes[at] & 0xFFL) << 24) | ((bytes[at + 1] & 0xFFL) << 16) | ((bytes[at + 2] & 0xFFL) << 8)
        | (bytes[at + 3] & 0xFFL);
  }

  private static String type(byte[] bytes, int at) {
    return new String(bytes, at, 4, StandardCharsets.ISO_8859_1);
  }

  /** A chunk type for a message: garbage bytes shown as escapes, not as control characters. */
  private static String printable(String type) {
    StringBuilder out = new StringBuilder();
    for (char c : type.toCharArray()) {
      out.append(c >= 0x21 && c <= 0x7E ? String.valueOf(c) : String.format("\\x%02x", (int) c));
    }
    return out.toString();
  }

  private static ImageException corrupt(String message) {
    return new ImageException(ImageException.Reason.UNDECODABLE, message);
  }
}
