package dev.restyle.image;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * Recognises HEIF-family files (HEIC from phones, AVIF) by their ISO base-media {@code ftyp} box, so
 * they fail as a known format Restyle does not read, with what to do, instead of as unknown bytes.
 */
final class HeifBrand {

  private static final Map<String, String> BRANDS = Map.of(
      "heic", "HEIC (HEIF, HEVC-coded)", "heix", "HEIC (HEIF, HEVC-coded)", "hevc", "HEIC (an HEVC sequence)",
      "heim", "HEIC (HEIF, HEVC-coded)", "heis", "HEIC (HEIF, HEVC-coded)", "mif1", "HEIF",
      "msf1", "HEIF (an image sequence)", "avif", "AVIF", "avis", "AVIF (an image sequence)");

  private HeifBrand() {}

  /** The format's name when the bytes start with an ftyp box of an HEIF-family major brand. */
  static Optional<String> of(byte[] bytes) {
    if (bytes.length < 12 || !new String(bytes, 4, 4, StandardCharsets.ISO_8859_1).equals("ftyp")) {
      return Optional.empty();
    }
    return Optional.ofNullable(BRANDS.get(new String(bytes, 8, 4, StandardCharsets.ISO_8859_1)));
  }
}
