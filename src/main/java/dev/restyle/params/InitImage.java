package dev.restyle.params;

/** Where the optimized image starts. */
public enum InitImage {
  /** The content image itself: the paper's fastest start. */
  CONTENT,
  /** Uniform noise from the pair's seed. */
  NOISE,
  /** The (first, heaviest) style image, resized to the output. */
  STYLE,
  /** A picture of the user's own ({@code init_uri}), resized to the output. */
  IMAGE
}
