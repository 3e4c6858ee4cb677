package dev.restyle.image;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.CholeskyDecomposition;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.MatrixUtils;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * Linear colour transfer (Gatys et al. 2017, "Controlling Perceptual Factors in Neural Style Transfer",
 * colour control): the style image's RGB values x become A (x − μ_s) + μ_c, so that they take the content's
 * mean μ_c and covariance Σ_c; A comes from the two covariances by the chosen {@link ColorTransferBasis}.
 * The style then carries its texture, not its palette, into the optimization. On planar RGB in [0,1]
 * ({@code chw}: all R, then all G, then all B).
 *
 * <p>As in the reference implementations, {@link #EPSILON} is added to both covariances' diagonals, so a
 * flat (rank-deficient) image still has an invertible one; the matched covariance is then the content's
 * within about that much.
 */
public final class LinearColorTransfer {

  /** Added to each covariance's diagonal, as linear-color-transfer.py does by default. */
  public static final double EPSILON = 1e-5;

  private LinearColorTransfer() {}

  /** An image's mean colour and colour covariance (population, with {@link #EPSILON} on the diagonal). */
  public record Stats(double[] mean, double[][] covariance) {

    public static Stats of(float[] chw) {
      int plane = planeOf(chw);
      double[] mean = new double[3];
      for (int c = 0; c < 3; c++) {
        double sum = 0;
        for (int i = 0; i < plane; i++) {
          sum += chw[c * plane + i];
        }
        mean[c] = sum / plane;
      }
      double[][] covariance = new double[3][3];
      for (int a = 0; a < 3; a++) {
        for (int b = a; b < 3; b++) {
          double sum = 0;
          for (int i = 0; i < plane; i++) {
            sum += (chw[a * plane + i] - mean[a]) * (chw[b * plane + i] - mean[b]);
          }
          covariance[a][b] = sum / plane + (a == b ? EPSILON : 0);
          covariance[b][a] = covariance[a][b];
        }
      }
      return new Stats(mean, covariance);
    }

    /** The statistics as text, exactly: part of a cache key, so equal text means an equal matched style. */
    public String key() {
      StringBuilder text = new StringBuilder();
      for (double m : mean) {
        text.append(m).append(',');
      }
      for (int a = 0; a < 3; a++) {
        for (int b = a; b < 3; b++) {
          text.append(covariance[a][b]).append(a == 2 && b == 2 ? "" : ",");
        }
      }
      return text.toString();
    }
  }

  /**
   * The style's colours matched to the content's, clamped into [0,1] as a picture must be (the clamp is
   * where the matched statistics can differ from the content's: the reference implementations clamp too).
   */
  public static float[] match(float[] styleChw, Stats content, ColorTransferBasis basis) {
    double[] matched = transform(styleChw, content, basis);
    float[] out = new float[matched.length];
    for (int i = 0; i < matched.length; i++) {
      out[i] = (float) Math.max(0, Math.min(1, matched[i]));
    }
    return out;
  }

  /** A (x − μ_s) + μ_c for every pixel, unclamped, in double precision. */
  public static double[] transform(float[] styleChw, Stats content, ColorTransferBasis basis) {
    int plane = planeOf(styleChw);
    Stats style = Stats.of(styleChw);
    double[][] a = matrix(style, content, basis).getData();
    double[] out = new double[styleChw.length];
    for (int i = 0; i < plane; i++) {
      double r = styleChw[i] - style.mean()[0];
      double g = styleChw[plane + i] - style.mean()[1];
      double b = styleChw[2 * plane + i] - style.mean()[2];
      for (int c = 0; c < 3; c++) {
        out[c * plane + i] = a[c][0] * r + a[c][1] * g + a[c][2] * b + content.mean()[c];
      }
    }
    return out;
  }

  /** A, the 3×3 map from the style's centred colours to the content's. */
  public static RealMatrix matrix(Stats style, Stats content, ColorTransferBasis basis) {
    RealMatrix styleCov = new Array2DRowRealMatrix(style.covariance());
    RealMatrix contentCov = new Array2DRowRealMatrix(content.covariance());
    return switch (basis) {
      case CHOL -> cholesky(contentCov).multiply(MatrixUtils.inverse(cholesky(styleCov)));
      case PCA -> power(contentCov, 0.5).multiply(power(styleCov, -0.5));
      case SYM -> {
        RealMatrix root = power(styleCov, 0.5);
        RealMatrix inverseRoot = power(styleCov, -0.5);
        yield inverseRoot.multiply(power(root.multiply(contentCov).multiply(root), 0.5)).multiply(inverseRoot);
      }
    };
  }

  private static RealMatrix cholesky(RealMatrix covariance) {
    // Symmetric by construction, and positive definite thanks to EPSILON; the library's default thresholds
    // would reject the near-flat images EPSILON is there for.
    return new CholeskyDecomposition(covariance, 1e-12, 0).getL();
  }

  /** S^p of a symmetric positive semi-definite S, through its eigendecomposition V diag(λ^p) Vᵀ. */
  private static RealMatrix power(RealMatrix symmetric, double p) {
    EigenDecomposition eigen = new EigenDecomposition(symmetric);
    double[] lambda = eigen.getRealEigenvalues();
    double[] powered = new double[lambda.length];
    for (int i = 0; i < lambda.length; i++) {
      // Rounding can leave a zero eigenvalue a hair below 0; EPSILON keeps real ones above it.
      powered[i] = Math.pow(Math.max(lambda[i], Double.MIN_NORMAL), p);
    }
    RealMatrix v = eigen.getV();
    return v.multiply(MatrixUtils.createRealDiagonalMatrix(powered)).multiply(v.transpose());
  }

  private static int planeOf(float[] chw) {
    if (chw.length == 0 || chw.length % 3 != 0) {
      throw new IllegalArgumentException("not planar RGB: " + chw.length + " values");
    }
    return chw.length / 3;
  }
}
