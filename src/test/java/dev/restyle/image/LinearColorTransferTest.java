package dev.restyle.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.linear.RealMatrix;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The linear colour transfer's exact math on small synthetic images with correlated channels: each basis
 * gives the style the content's mean and covariance, the bases differ only by a rotation, sym moves the
 * colours least, and every A equals numpy's (linear-color-transfer.py's formulas, run by python3).
 */
class LinearColorTransferTest {

  private static final float[] STYLE = correlated(24 * 16, 1, new double[][] {{0.2, 0.05, 0}, {0.1, 0.1, 0.02},
      {-0.05, 0.02, 0.08}}, new double[] {0.6, 0.4, 0.3});
  private static final float[] CONTENT = correlated(20 * 20, 2, new double[][] {{0.05, 0, 0.1}, {0.02, 0.15, 0},
      {0, 0.03, 0.12}}, new double[] {0.3, 0.5, 0.55});

  @Test
  void everyBasisGivesTheStyleTheContentsMeanAndCovariance() {
    LinearColorTransfer.Stats content = LinearColorTransfer.Stats.of(CONTENT);
    LinearColorTransfer.Stats style = LinearColorTransfer.Stats.of(STYLE);
    for (ColorTransferBasis basis : ColorTransferBasis.values()) {
      double[] matched = LinearColorTransfer.transform(STYLE, content, basis);
      double[] mean = mean(matched);
      double[][] covariance = covariance(matched, mean);
      RealMatrix a = LinearColorTransfer.matrix(style, content, basis);
      RealMatrix aaT = a.multiply(a.transpose());
      for (int i = 0; i < 3; i++) {
        assertThat(mean[i]).as(basis + " mean " + i).isCloseTo(content.mean()[i], within(1e-12));
        for (int j = 0; j < 3; j++) {
          // Both covariances carry ε on their diagonals, and A (Σ_s + εI) Aᵀ = Σ_c + εI exactly, so the matched
          // image's own covariance A Σ_s Aᵀ is Σ_c + εI − ε A Aᵀ: exactly, up to rounding...
          double exact = content.covariance()[i][j] - LinearColorTransfer.EPSILON * aaT.getEntry(i, j);
          assertThat(covariance[i][j]).as(basis + " covariance " + i + j).isCloseTo(exact, within(1e-12));
          // ...and the content's own covariance within 1e-4 (its entries here are 1e-3 to 2e-2).
          double raw = content.covariance()[i][j] - (i == j ? LinearColorTransfer.EPSILON : 0);
          assertThat(covariance[i][j]).as(basis + " covariance " + i + j).isCloseTo(raw, within(1e-4));
        }
      }
      // Not vacuous: the style's own statistics are far from the content's.
      assertThat(Math.abs(style.mean()[0] - content.mean()[0])).isGreaterThan(0.2);
      assertThat(Math.abs(style.covariance()[0][2] - content.covariance()[0][2])).isGreaterThan(1e-3);
    }
  }

  @Test
  void theBasesDifferAndSymMovesTheColoursLeast() {
    LinearColorTransfer.Stats content = LinearColorTransfer.Stats.of(CONTENT);
    double pca = meanSquaredMove(LinearColorTransfer.transform(STYLE, content, ColorTransferBasis.PCA));
    double chol = meanSquaredMove(LinearColorTransfer.transform(STYLE, content, ColorTransferBasis.CHOL));
    double sym = meanSquaredMove(LinearColorTransfer.transform(STYLE, content, ColorTransferBasis.SYM));
    System.out.printf("mean squared colour move: pca %.5f, chol %.5f, sym %.5f%n", pca, chol, sym);
    assertThat(sym).isLessThan(pca).isLessThan(chol);
    assertThat(Math.abs(pca - chol)).isGreaterThan(1e-4);
  }

  @Test
  void matchClampsIntoThePictureRange() {
    float[] bright = correlated(64, 3, new double[][] {{0.4, 0, 0}, {0, 0.4, 0}, {0, 0, 0.4}},
        new double[] {0.5, 0.5, 0.5});
    LinearColorTransfer.Stats wide = LinearColorTransfer.Stats.of(bright);
    double[] unclamped = LinearColorTransfer.transform(STYLE, wide, ColorTransferBasis.PCA);
    float[] clamped = LinearColorTransfer.match(STYLE, wide, ColorTransferBasis.PCA);
    assertThat(java.util.Arrays.stream(unclamped).anyMatch(v -> v < 0 || v > 1)).isTrue();
    for (int i = 0; i < clamped.length; i++) {
      assertThat(clamped[i]).isEqualTo((float) Math.max(0, Math.min(1, unclamped[i])));
    }
  }

  @Test
  void eachMatrixEqualsNumpys(@TempDir Path dir) throws Exception {
    Assumptions.assumeTrue(numpyAvailable(), "python3 with numpy is not installed");
    Path style = dir.resolve("style.txt");
    Path content = dir.resolve("content.txt");
    Files.writeString(style, text(STYLE));
    Files.writeString(content, text(CONTENT));
    String script = String.join("\n",
        "import sys, numpy as np",
        "from numpy import eye",
        "def stats(path):",
        "    x = np.loadtxt(path).reshape(3, -1)",
        "    mu = x.mean(1, keepdims=True)",
        "    c = x - mu",
        "    return c.dot(c.T) / c.shape[1] + 1e-5 * eye(3)",
        "def root(c):",
        "    eva, eve = np.linalg.eigh(c)",
        "    return eve.dot(np.sqrt(np.diag(eva))).dot(eve.T)",
        "Ct, Cs = stats(sys.argv[1]), stats(sys.argv[2])  # t: the style (target), s: the content (source)",
        "chol = np.linalg.cholesky(Cs).dot(np.linalg.inv(np.linalg.cholesky(Ct)))",
        "pca = root(Cs).dot(np.linalg.inv(root(Ct)))",
        "Qt = root(Ct)",
        "sym = np.linalg.inv(Qt).dot(root(Qt.dot(Cs).dot(Qt))).dot(np.linalg.inv(Qt))",
        "for m in (pca, chol, sym):",
        "    print(' '.join(repr(float(v)) for v in m.ravel()))");
    Process python = new ProcessBuilder("python3", "-c", script, style.toString(), content.toString())
        .redirectErrorStream(true).start();
    List<String> lines = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
    assertThat(python.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(python.exitValue()).as(String.join("\n", lines)).isZero();

    LinearColorTransfer.Stats styleStats = LinearColorTransfer.Stats.of(STYLE);
    LinearColorTransfer.Stats contentStats = LinearColorTransfer.Stats.of(CONTENT);
    ColorTransferBasis[] order = {ColorTransferBasis.PCA, ColorTransferBasis.CHOL, ColorTransferBasis.SYM};
    for (int m = 0; m < order.length; m++) {
      RealMatrix ours = LinearColorTransfer.matrix(styleStats, contentStats, order[m]);
      String[] numpy = lines.get(m).split(" ");
      for (int i = 0; i < 9; i++) {
        // Both read the same float32 pixels; the sums differ only in order.
        assertThat(ours.getEntry(i / 3, i % 3)).as(order[m] + " A[" + i / 3 + "][" + i % 3 + "]")
            .isCloseTo(Double.parseDouble(numpy[i]), within(1e-9));
      }
    }
  }

  /** Planar RGB of {@code pixels} pixels: mean + M·u with u uniform in [−1, 1]³, so the channels correlate. */
  private static float[] correlated(int pixels, long seed, double[][] mix, double[] mean) {
    SplittableRandom random = new SplittableRandom(seed);
    float[] chw = new float[3 * pixels];
    for (int i = 0; i < pixels; i++) {
      double[] u = {random.nextDouble(-1, 1), random.nextDouble(-1, 1), random.nextDouble(-1, 1)};
      for (int c = 0; c < 3; c++) {
        chw[c * pixels + i] = (float) (mean[c] + mix[c][0] * u[0] + mix[c][1] * u[1] + mix[c][2] * u[2]);
      }
    }
    return chw;
  }

  private static double[] mean(double[] chw) {
    int plane = chw.length / 3;
    double[] mean = new double[3];
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        mean[c] += chw[c * plane + i] / plane;
      }
    }
    return mean;
  }

  private static double[][] covariance(double[] chw, double[] mean) {
    int plane = chw.length / 3;
    double[][] covariance = new double[3][3];
    for (int a = 0; a < 3; a++) {
      for (int b = 0; b < 3; b++) {
        for (int i = 0; i < plane; i++) {
          covariance[a][b] += (chw[a * plane + i] - mean[a]) * (chw[b * plane + i] - mean[b]) / plane;
        }
      }
    }
    return covariance;
  }

  /** How far the colours moved from the style's own, once both are centred on the content's mean. */
  private static double meanSquaredMove(double[] matched) {
    LinearColorTransfer.Stats style = LinearColorTransfer.Stats.of(STYLE);
    double[] mean = mean(matched);
    int plane = STYLE.length / 3;
    double sum = 0;
    for (int c = 0; c < 3; c++) {
      for (int i = 0; i < plane; i++) {
        double d = (matched[c * plane + i] - mean[c]) - (STYLE[c * plane + i] - style.mean()[c]);
        sum += d * d;
      }
    }
    return sum / plane;
  }

  private static String text(float[] values) {
    List<String> lines = new ArrayList<>();
    for (float v : values) {
      lines.add(Double.toString(v));
    }
    return String.join("\n", lines) + "\n";
  }

  private static boolean numpyAvailable() {
    try {
      Process probe = new ProcessBuilder("python3", "-c", "import numpy").redirectErrorStream(true).start();
      probe.getInputStream().readAllBytes();
      return probe.waitFor(30, TimeUnit.SECONDS) && probe.exitValue() == 0;
    } catch (IOException | InterruptedException e) {
      return false;
    }
  }
}
