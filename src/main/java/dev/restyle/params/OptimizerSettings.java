package dev.restyle.params;


/** The chosen optimizer with exactly the settings that apply to it; the others are not there to misread. */
public sealed interface OptimizerSettings {

  double learningRate();

  /**
   * @param historySize (s, y) pairs kept
   * @param toleranceGrad stop when max|gradient| is at most this
   * @param toleranceChange stop when the loss or the step changes by less than this
   */
  record Lbfgs(double learningRate, int historySize, double toleranceGrad, double toleranceChange,
      LineSearch lineSearch) implements OptimizerSettings {}

  /**
   * @param decayEvery multiply the learning rate by {@code decayGamma} every this many iterations; 0: never
   */
  record Adam(double learningRate, double beta1, double beta2, int decayEvery, double decayGamma)
      implements OptimizerSettings {}
}
