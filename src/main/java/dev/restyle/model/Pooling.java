package dev.restyle.model;

import java.util.Locale;

/** How VGG19 downsamples between blocks. Gatys et al. report that average pooling gives smoother results. */
public enum Pooling {
  MAX,
  AVG;

  public static Pooling parse(String value) {
    for (Pooling pooling : values()) {
      if (pooling.name().equalsIgnoreCase(value.strip())) {
        return pooling;
      }
    }
    throw new IllegalArgumentException("pooling must be one of max, avg; got '" + value + "'");
  }

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
