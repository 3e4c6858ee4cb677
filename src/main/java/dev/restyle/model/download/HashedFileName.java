package dev.restyle.model.download;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A file name that carries a prefix of its own sha256, torchvision style: {@code <name>-<hex>.<ext>}, e.g.
 * {@code vgg19-dcbb9e9d.pth}, whose sha256 starts with {@code dcbb9e9d}. At least 8 hex digits are required.
 */
public record HashedFileName(String fileName, String stem, String hashPrefix, String extension) {

  private static final Pattern PATTERN = Pattern.compile("(.+)-([0-9a-fA-F]{8,64})\\.([A-Za-z0-9]+)");

  public HashedFileName {
    hashPrefix = hashPrefix.toLowerCase(Locale.ROOT);
  }

  /** Parses {@code <name>-<8 or more hex>.<ext>}; throws {@link IllegalArgumentException} for anything else. */
  public static HashedFileName parse(String fileName) {
    Matcher m = PATTERN.matcher(fileName);
    if (!m.matches()) {
      throw new IllegalArgumentException("'" + fileName + "' is not named <name>-<8 hex digits of its sha256>.<ext>");
    }
    return new HashedFileName(fileName, m.group(1), m.group(2), m.group(3));
  }

  /** Whether a sha256 in hex (any case) starts with this name's prefix. */
  public boolean matches(String sha256Hex) {
    return sha256Hex.toLowerCase(Locale.ROOT).startsWith(hashPrefix);
  }
}
