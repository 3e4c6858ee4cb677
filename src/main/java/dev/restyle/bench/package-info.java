/**
 * Measuring, not producing: the benchmark against PyTorch and the tiling memory probe, with the synthetic
 * pictures they share. Nothing in the product depends on it.
 *
 * <p>May import transfer, params, model, image and support; not Spark.
 */
package dev.restyle.bench;
