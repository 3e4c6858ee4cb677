package dev.restyle.model;

import ai.djl.ndarray.NDArray;

/** Pixels in [0,1] to the network's input, inside the graph, so gradients flow back to the pixels. */
interface InputNormalization {

  /** A new array in the pixels' manager. */
  NDArray apply(NDArray pixels);
}
