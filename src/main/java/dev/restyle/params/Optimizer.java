package dev.restyle.params;

/** Which optimizer moves the pixels; {@link OptimizerSettings} holds its settings. */
public enum Optimizer {
  LBFGS,
  ADAM
}
