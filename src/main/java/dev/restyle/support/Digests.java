package dev.restyle.support;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** SHA-256, the one digest of the project: cache keys, stable ids, weights identities and download checks. */
public final class Digests {

  /** Hex digits in a short id: 64 bits, plenty for pair ids and parameter hashes within one catalog. */
  private static final int SHORT_LENGTH = 16;

  private Digests() {}

  /** A fresh SHA-256 digest, for callers that hash a stream while they copy it. */
  public static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  public static String sha256(byte[] bytes) {
    return hex(sha256().digest(bytes));
  }

  /** The first 16 hex digits of the SHA-256 of the text's UTF-8 bytes. */
  public static String shortSha256(String text) {
    return sha256(text.getBytes(StandardCharsets.UTF_8)).substring(0, SHORT_LENGTH);
  }

  /** The SHA-256 of a file's bytes, read in 1 MiB blocks (weights files are hundreds of MB). */
  public static String sha256(Path file) throws IOException {
    MessageDigest digest = sha256();
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return hex(digest.digest());
  }

  public static String hex(byte[] digest) {
    return HexFormat.of().formatHex(digest);
  }
}
