package dev.restyle.transfer;

/**
 * The losses at one iteration. {@code iteration} is 1-based (iteration 1 is the initial image) and counts
 * on across the scales of a multi-scale run, so it always runs up to {@code iterations}; {@code scale} is
 * the longest side, in pixels, of the image that iteration optimized (equal to {@code size} when
 * single-scale), so losses at different scales are never mistaken for one curve.
 */
public record HistoryPoint(int iteration, int scale, LossValues losses) {}
