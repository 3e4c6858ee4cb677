package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

/** The style part of the objective: a scalar from the output's activations, in their manager. */
@FunctionalInterface
interface StyleTerm {

  NDArray of(NDList features);
}
