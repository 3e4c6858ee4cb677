/**
 * VGG19 as a DJL block with the paper's tap names, where its weights come from
 * ({@link dev.restyle.model.WeightsSource}), the loader and the per-JVM model cache. The input preprocessing
 * the weights were trained with ({@link dev.restyle.model.Preprocessing}: torchvision's, or the Caffe VGG19's,
 * whose key layout {@code CaffeVgg19Layout} checks) is a view of one loaded model, so both share its weights.
 *
 * <p>May import image and support; never Spark or Hadoop.
 */
package dev.restyle.model;
