/**
 * L-BFGS (torch.optim.LBFGS semantics, optional strong-Wolfe line search) and Adam on the pixels, on
 * NDArrays on the model's device. Part of {@code transfer}; knows only an objective and the parameters, and
 * tells an {@link dev.restyle.transfer.optim.IterateListener} of every iterate it accepts.
 */
package dev.restyle.transfer.optim;
