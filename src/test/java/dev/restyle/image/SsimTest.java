package dev.restyle.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SSIM against a reference written from the paper's formula in numpy (src/test/fixtures/ssim_reference.py,
 * an explicit 2-D window rather than the separable one here; scikit-image too where it is installed).
 */
class SsimTest {

  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final int WIDTH = 40;
  private static final int HEIGHT = 29; // not square, so a transposed index shows

  @Test
  void identicalPicturesGiveExactlyOne() {
    float[] picture = sample();
    assertThat(Ssim.ofLuminance(picture, picture.clone(), WIDTH, HEIGHT)).isEqualTo(1.0);
    float[] flat = new float[3 * 16 * 16];
    java.util.Arrays.fill(flat, 0.25f);
    assertThat(Ssim.ofLuminance(flat, flat.clone(), 16, 16)).isEqualTo(1.0);
  }

  @Test
  void matchesTheNumpyReference(@TempDir Path dir) throws Exception {
    assumeTrue(Files.isExecutable(PYTHON) && run(List.of(PYTHON.toString(), "-c", "import numpy")).exit == 0,
        "Debian's python3-numpy is needed for the reference (src/test/fixtures/generate.sh installs it)");
    float[] picture = sample();
    double previous = 1.0;
    // Growing noise: the reference agrees at every level, and the control, SSIM itself, falls with it.
    for (double noise : new double[] {0.02, 0.1, 0.3}) {
      float[] noisy = noisy(picture, noise);
      double java = Ssim.ofLuminance(picture, noisy, WIDTH, HEIGHT);
      List<Double> reference = reference(dir, picture, noisy);
      for (double value : reference) {
        assertThat(java).as("noise %s", noise).isCloseTo(value, within(1e-12));
      }
      assertThat(java).isLessThan(previous);
      previous = java;
    }
    // A darker copy keeps the structure but not the luminance: below 1, and again as the reference says.
    float[] darker = picture.clone();
    for (int i = 0; i < darker.length; i++) {
      darker[i] *= 0.6f;
    }
    assertThat(Ssim.ofLuminance(picture, darker, WIDTH, HEIGHT))
        .isCloseTo(reference(dir, picture, darker).get(0), within(1e-12)).isLessThan(0.99);
  }

  @Test
  void refusesPicturesSmallerThanTheWindow() {
    assertThatThrownBy(() -> Ssim.ofLuminance(new float[3 * 100], new float[3 * 100], 10, 10))
        .hasMessageContaining("at least 11 pixels a side");
  }

  /** A smooth gradient with edges: structure a window can see. */
  private static float[] sample() {
    int pixels = WIDTH * HEIGHT;
    float[] rgb = new float[3 * pixels];
    for (int y = 0; y < HEIGHT; y++) {
      for (int x = 0; x < WIDTH; x++) {
        int i = y * WIDTH + x;
        rgb[i] = (float) x / WIDTH;
        rgb[pixels + i] = (x / 8 + y / 8) % 2 == 0 ? 0.8f : 0.2f;
        rgb[2 * pixels + i] = (float) (0.5 + 0.4 * Math.sin(y / 3.0));
      }
    }
    return rgb;
  }

  private static float[] noisy(float[] picture, double amplitude) {
    SplittableRandom random = new SplittableRandom(7);
    float[] out = new float[picture.length];
    for (int i = 0; i < out.length; i++) {
      out[i] = (float) Math.min(1, Math.max(0, picture[i] + amplitude * (random.nextDouble() - 0.5)));
    }
    return out;
  }

  private static List<Double> reference(Path dir, float[] a, float[] b) throws Exception {
    Path fileA = write(dir.resolve("a.f32"), a);
    Path fileB = write(dir.resolve("b.f32"), b);
    Result result = run(List.of(PYTHON.toString(), "src/test/fixtures/ssim_reference.py", fileA.toString(),
        fileB.toString(), String.valueOf(WIDTH), String.valueOf(HEIGHT)));
    assertThat(result.exit).as(result.output).isZero();
    return result.output.lines().map(Double::parseDouble).toList();
  }

  private static Path write(Path file, float[] values) throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
    for (float v : values) {
      bytes.putFloat(v);
    }
    return Files.write(file, bytes.array());
  }

  private record Result(int exit, String output) {}

  private static Result run(List<String> command) throws Exception {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.waitFor(), output.strip());
  }
}
