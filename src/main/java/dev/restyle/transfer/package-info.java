/**
 * The per-pair algorithm, usable without Spark: one content and one or more style images to one stylized
 * image. Losses (Gram, guided by style masks, or Wasserstein-2), style targets and their cache, scales, tiles,
 * colour preservation and the pair optimizer; per-layer gradient normalization ({@code LayerTerm}), the moving
 * average of the iterates ({@code IterateAverage}) and the quality signals of a result (SSIM against the
 * content, flags of what went wrong).
 *
 * <p>May import params, model, image and support; never Spark or Hadoop.
 */
package dev.restyle.transfer;
