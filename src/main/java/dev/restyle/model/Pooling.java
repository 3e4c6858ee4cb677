package dev.restyle.model;

import java.util.Locale;

/** How VGG19 downsamples between blocks. Gatys et al. report that average pooling gives smoother results. */
public enum Pooling {
  MAX,
  AVG;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
