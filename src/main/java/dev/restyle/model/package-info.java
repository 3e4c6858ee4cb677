/**
 * VGG19 as a DJL block with the paper's tap names, where its weights come from
 * ({@link dev.restyle.model.WeightsSource}), the loader and the per-JVM model cache.
 *
 * <p>May import image and support; never Spark or Hadoop.
 */
package dev.restyle.model;
