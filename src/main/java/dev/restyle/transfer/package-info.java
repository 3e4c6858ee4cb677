/**
 * The per-pair algorithm, usable without Spark: one content and one or more style images to one stylized
 * image. Losses, Gram targets and their cache, scales, tiles, colour preservation, the pair optimizer and
 * the quality signals of its result (SSIM against the content, flags of what went wrong).
 *
 * <p>May import params, model, image and support; never Spark or Hadoop.
 */
package dev.restyle.transfer;
