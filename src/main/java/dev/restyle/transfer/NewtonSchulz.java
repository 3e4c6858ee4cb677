package dev.restyle.transfer;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.GraphConstants;

/**
 * Square roots of symmetric positive definite matrices by the coupled Newton–Schulz iteration (Higham,
 * "Functions of Matrices", chapter 6), the one crowsonkb/style-transfer-pytorch uses. Why this one: DJL's
 * NDArray API has no eigendecomposition or SVD, and this needs only matrix products, so autograd
 * differentiates it on any device, and it stays stable. Stability: A is first divided by its Frobenius
 * norm, which puts every eigenvalue in (0, 1], where the iteration converges; it never inverts anything, so
 * a nearly singular A gives a slightly low root, never an overflow. Accuracy depends on the iterations and
 * on A's condition number: an eigenvalue λ of A/‖A‖ grows by about 1.5 per iteration until it nears √λ, so
 * eigenvalues far below the largest converge last (WassersteinTest measures the error against an exact
 * eigendecomposition).
 */
final class NewtonSchulz {

  private NewtonSchulz() {}

  /**
   * Y ≈ A^½ after {@code iterations} steps of Y ← Y·T, Z ← T·Z with T = (3I − Z·Y)/2, from Y = A/‖A‖,
   * Z = I, scaled back by ‖A‖^½. Created in A's manager, in A's data type, differentiable through A.
   *
   * @param a a symmetric positive (semi)definite n×n matrix
   */
  static NDArray sqrt(NDArray a, int iterations) {
    long n = a.getShape().get(0);
    NDManager manager = a.getManager();
    try (NDArray squares = a.mul(a);
        NDArray sum = squares.sum();
        NDArray norm = sum.sqrt();
        NDArray identity = manager.eye((int) n, (int) n, 0, a.getDataType());
        NDArray threeIdentity = GraphConstants.times(identity, 3)) {
      NDArray y = a.div(norm);
      NDArray z = identity.duplicate();
      for (int i = 0; i < iterations; i++) {
        try (NDArray zy = z.matMul(y);
            NDArray difference = threeIdentity.sub(zy)) {
          NDArray t = GraphConstants.times(difference, 0.5);
          NDArray nextY = y.matMul(t);
          NDArray nextZ = t.matMul(z);
          y.close();
          z.close();
          t.close();
          y = nextY;
          z = nextZ;
        }
      }
      z.close();
      try (NDArray root = norm.sqrt(); NDArray unscaled = y) {
        return unscaled.mul(root);
      }
    }
  }
}
