/**
 * Measuring, not producing: the benchmark against PyTorch and the tiling memory probe, with the synthetic
 * pictures they share. Only the command dispatcher in {@code cli} imports it; no job or pair path does.
 *
 * <p>May import transfer, params, model, image and support; not Spark.
 */
package dev.restyle.bench;
