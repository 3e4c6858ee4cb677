package dev.restyle.support;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * What a file that is not what was expected looks like, in a word or two ("text", "JSON", "HTML", "a ZIP
 * archive", "binary data"), for an error message. It never quotes the bytes: a manifest can point at any
 * file an executor can read (a credentials file, {@code /etc/passwd}), and error messages end up in the
 * metrics that analysts read.
 */
public final class FileKind {

  /** How much of the file is looked at: enough for a text's first line, and the cost stays fixed. */
  private static final int HEAD = 512;

  private FileKind() {}

  /** "empty", "text", "JSON", "HTML", "XML", "a ZIP archive", "gzip data", "a PDF document" or "binary data". */
  public static String of(byte[] bytes) {
    int n = Math.min(bytes.length, HEAD);
    if (n == 0) {
      return "empty";
    }
    if (startsWith(bytes, 'P', 'K', 3, 4) || startsWith(bytes, 'P', 'K', 5, 6)) {
      return "a ZIP archive";
    }
    if (startsWith(bytes, 0x1F, 0x8B)) {
      return "gzip data";
    }
    if (startsWith(bytes, '%', 'P', 'D', 'F', '-')) {
      return "a PDF document";
    }
    if (!isText(bytes, n)) {
      return "binary data";
    }
    String text = new String(bytes, 0, n, StandardCharsets.UTF_8).replace("\uFEFF", "").strip();
    String lower = text.toLowerCase(Locale.ROOT);
    if (lower.startsWith("<!doctype html") || lower.contains("<html") || lower.startsWith("<head")
        || lower.startsWith("<body")) {
      return "HTML";
    }
    if (lower.startsWith("<")) {
      return "XML";
    }
    if (lower.startsWith("{") || lower.startsWith("[")) {
      return "JSON";
    }
    return "text";
  }

  private static boolean startsWith(byte[] bytes, int... magic) {
    if (bytes.length < magic.length) {
      return false;
    }
    for (int i = 0; i < magic.length; i++) {
      if ((bytes[i] & 0xFF) != magic[i]) {
        return false;
      }
    }
    return true;
  }

  /** Printable UTF-8 (tabs and line breaks allowed), allowing the head to cut its last character short. */
  private static boolean isText(byte[] bytes, int n) {
    for (int i = 0; i < n; i++) {
      int c = bytes[i] & 0xFF;
      if ((c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') || c == 0x7F) {
        return false;
      }
    }
    for (int cut = 0; cut < 4 && cut < n; cut++) {
      try {
        StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
            .decode(ByteBuffer.wrap(bytes, 0, n - cut));
        return true;
      } catch (CharacterCodingException e) {
        // try without the last byte: it may be part of a character the head cut short
      }
    }
    return false;
  }
}
