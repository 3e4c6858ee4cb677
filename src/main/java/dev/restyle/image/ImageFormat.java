package dev.restyle.image;

import java.util.Locale;

/** The encodings Restyle writes. */
public enum ImageFormat {
  PNG("png"),
  JPEG("jpg");

  private final String extension;

  ImageFormat(String extension) {
    this.extension = extension;
  }

  public String extension() {
    return extension;
  }

  /** From an output path's extension; PNG when there is none. */
  public static ImageFormat ofFileName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? JPEG : PNG;
  }
}
