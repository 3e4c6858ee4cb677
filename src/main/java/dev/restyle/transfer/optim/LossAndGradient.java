package dev.restyle.transfer.optim;

import ai.djl.ndarray.NDArray;

/** The loss at a point, read to the host, and the gradient there, left on the device. */
public record LossAndGradient(double loss, NDArray gradient) {}
