package dev.restyle.params;

/** Whether and how the content's colours are kept (Gatys et al. 2016, "Preserving color"). */
public enum PreserveColors {
  NONE,
  /** The result's luminance with the content's chroma, after optimizing. */
  POST,
  /** Optimize on luminance images, then recombine with the content's chroma. */
  LUMINANCE
}
