package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;

/** The loss terms at one image and the gradient of the total with respect to its pixels. */
public record Evaluation(LossTerms terms, NDArray gradient) {}
