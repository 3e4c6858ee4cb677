/**
 * Measuring, not producing: the benchmark against PyTorch and the tiling memory probe, with the synthetic
 * pictures they share, and the scale benchmark's pieces: a catalog of N tiny pairs ({@code ScaleCatalog})
 * and what a run's metrics say of its efficiency ({@code ScaleFigures}). Only the command dispatcher in
 * {@code cli} imports it; no job or pair path does.
 *
 * <p>May import every package below it; only {@code ScaleFigures} uses Spark, to read a run's metrics.
 */
package dev.restyle.bench;
