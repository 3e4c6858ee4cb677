package dev.restyle.params;

/** Whether and how the content's colours are kept (Gatys et al. 2016, "Preserving color"). */
public enum PreserveColors {
  NONE,
  /** The result's luminance with the content's chroma, after optimizing. */
  POST,
  /** Optimize on luminance images, then recombine with the content's chroma. */
  LUMINANCE,
  /**
   * Before optimizing, give the style image the content's mean colour and colour covariance with a linear
   * colour transfer (Gatys et al. 2017), in the basis of {@code color_transfer}.
   */
  HISTOGRAM
}
