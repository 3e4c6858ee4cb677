package dev.restyle.spark;

import dev.restyle.support.Digests;

/**
 * Pair ids become object keys, so a user's id must be safe as one file name, and a generated id must be
 * the same on every run for the same work (reruns and retries then overwrite, never duplicate).
 */
public final class PairIds {

  private static final int MAX_LENGTH = 200;

  private PairIds() {}

  /** A user's id, unchanged if safe. */
  public static String checkUserId(String id) {
    if (id.isEmpty() || id.length() > MAX_LENGTH) {
      throw new InvalidPairException("pair_id must have 1 to " + MAX_LENGTH + " characters");
    }
    if (id.contains("/") || id.contains("\\")) {
      throw new InvalidPairException("pair_id '" + printable(id) + "' contains a path separator");
    }
    if (id.equals(".") || id.contains("..")) {
      throw new InvalidPairException("pair_id '" + printable(id) + "' contains '..' or is '.'");
    }
    if (id.chars().anyMatch(c -> Character.isISOControl(c))) {
      throw new InvalidPairException("pair_id '" + printable(id) + "' contains control characters");
    }
    return id;
  }

  /** 16 hex digits of sha256(content_uri|style_uri|effective params). */
  public static String generated(String contentUri, String styleUri, String paramsJson) {
    return Digests.shortSha256(contentUri + "|" + styleUri + "|" + paramsJson);
  }

  static String printable(String id) {
    StringBuilder out = new StringBuilder();
    id.codePoints().forEach(c -> {
      if (Character.isISOControl(c)) {
        out.append(String.format("\\u%04x", c));
      } else {
        out.appendCodePoint(c);
      }
    });
    return out.toString();
  }
}
