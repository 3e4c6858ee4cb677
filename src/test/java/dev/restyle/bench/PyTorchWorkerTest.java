package dev.restyle.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real jobs/bench_pytorch.py --serve worker at 32 px: checks the protocol, not the timings. One worker
 * serves the tests that keep it alive, since each start imports torch and builds VGG19 (a few seconds).
 */
class PyTorchWorkerTest {

  private static PyTorchWorker shared;

  @BeforeAll
  static void startSharedWorker() throws Exception {
    Optional<String> unavailable = PyTorchWorker.unavailableReason(PyTorchWorker.defaultScript());
    assumeTrue(unavailable.isEmpty(), () -> "PyTorch worker unavailable: " + unavailable.orElse(""));
    assumeTrue(torchImports(), PyTorchWorker.PYTHON + " cannot import torch and torchvision (python3-torch)");
    shared = start();
  }

  @AfterAll
  static void closeSharedWorker() {
    if (shared != null) {
      shared.close();
    }
  }

  @Test
  void measuresBothOptimizersWithTheRequestedThreads() throws Exception {
    assertThat(shared.version()).startsWith("torch ").endsWith(", 1 threads");

    assertThat(shared.measure("adam", 32, 1)).isPositive().isFinite();
    assertThat(shared.measure("lbfgs", 32, 1)).isPositive().isFinite();
  }

  @Test
  void aBadRequestIsReportedByNameAndTheWorkerKeepsWorking() throws Exception {
    assertThatThrownBy(() -> shared.measure("sgd", 32, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'measure sgd 32 1'")
        .hasMessageContaining("unknown optimizer");
    assertThatThrownBy(() -> shared.measure("adam", 32, 0))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("'measure adam 32 0'")
        .hasMessageContaining("must be positive");

    assertThat(shared.isAlive()).isTrue();
    assertThat(shared.measure("adam", 32, 2)).isPositive().isFinite();
  }

  @Test
  void closeEndsTheProcessAndLaterRequestsFailInsteadOfHanging() throws Exception {
    PyTorchWorker worker = start();
    worker.close();

    assertThat(worker.isAlive()).isFalse();
    assertThatThrownBy(() -> worker.measure("adam", 32, 1))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exited")
        .hasMessageContaining("'measure adam 32 1'");
  }

  @Test
  void aWorkerThatDiesAtStartUpFailsWithPythonsReason() {
    assertThatThrownBy(() -> PyTorchWorker.start(Path.of("target/no-such-bench.py"), 1, line -> { }))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("exited (code 2)")
        .hasMessageContaining("no-such-bench.py");
  }

  private static PyTorchWorker start() throws IOException {
    return PyTorchWorker.start(PyTorchWorker.defaultScript(), 1, line -> { });
  }

  private static boolean torchImports() throws Exception {
    Process probe = new ProcessBuilder(PyTorchWorker.PYTHON.toString(), "-c", "import torch, torchvision")
        .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    if (!probe.waitFor(60, TimeUnit.SECONDS)) {
      probe.destroyForcibly();
      return false;
    }
    return probe.exitValue() == 0;
  }
}
