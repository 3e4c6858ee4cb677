package dev.restyle.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The PyTorch reference loop ({@code jobs/bench_pytorch.py --serve}) as a long-lived child process, so that
 * the bench can take each PyTorch measurement right next to a DJL one instead of in a separate run.
 *
 * <p>Requests and replies alternate one line each, so a reply is read only after its request was sent. A
 * worker that dies ends its output, which ends the read; the caller then gets an {@link IOException} and
 * should stop using it.
 */
final class PyTorchWorker implements AutoCloseable {

  /** Debian's python3, where python3-torch is installed; a virtual environment's python would lack it. */
  static final Path PYTHON = Path.of("/usr/bin/python3");

  private final Process process;
  private final BufferedReader output;
  private final Writer requests;
  private final Consumer<String> otherOutput;
  private final String version;
  private String lastOtherLine = "";

  private PyTorchWorker(Process process, Consumer<String> otherOutput) throws IOException {
    this.process = process;
    this.output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    this.requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    this.otherOutput = otherOutput;
    this.version = nextReply("start-up").replaceFirst("^READY ", "");
  }

  /** jobs/bench_pytorch.py under the project root (restyle.home, set by jobs/restyle, else the working directory). */
  static Path defaultScript() {
    return Path.of(System.getProperty("restyle.home", "."), "jobs", "bench_pytorch.py");
  }

  /** Why no worker can be started here, or empty when python3 and the script are both present. */
  static Optional<String> unavailableReason(Path script) {
    if (!Files.isExecutable(PYTHON)) {
      return Optional.of("no " + PYTHON);
    }
    return Files.isRegularFile(script) ? Optional.empty() : Optional.of("no " + script);
  }

  /**
   * Starts the worker and waits until its layers are built.
   *
   * @param threads PyTorch intra-op threads: the same as DJL's, or the comparison is meaningless
   * @param otherOutput receives the lines that are not replies (warnings, tracebacks)
   * @throws IOException if python cannot start or exits before it is ready (for example without torch)
   */
  static PyTorchWorker start(Path script, int threads, Consumer<String> otherOutput) throws IOException {
    ProcessBuilder builder = new ProcessBuilder(PYTHON.toString(), script.toString(), "--serve", "--threads",
        String.valueOf(threads)).redirectErrorStream(true);
    // Only the OpenMP wait policy is pinned (as jobs/restyle pins it for DJL). Everything else is inherited,
    // so allocator settings exported by the launcher (MALLOC_*, LD_PRELOAD, ...) apply to both sides alike.
    builder.environment().put("OMP_WAIT_POLICY", "PASSIVE");
    Process process = builder.start();
    try {
      return new PyTorchWorker(process, otherOutput);
    } catch (IOException e) {
      process.destroyForcibly();
      throw e;
    }
  }

  /** The worker's READY line: torch version and thread count. */
  String version() {
    return version;
  }

  /** Median ms per iteration of {@code iterations} measured iterations (after one unmeasured one). */
  double measure(String optimizer, int size, int iterations) throws IOException {
    String request = "measure " + optimizer + " " + size + " " + iterations;
    send(request);
    String reply = nextReply(request);
    String expected = "RESULT " + optimizer + "@" + size + " ms_per_iteration ";
    if (reply.startsWith(expected)) {
      try {
        return Double.parseDouble(reply.substring(expected.length()).strip());
      } catch (NumberFormatException e) {
        throw new IOException("PyTorch worker: unreadable reply to '" + request + "': " + reply, e);
      }
    }
    if (reply.startsWith("ERROR ")) {
      throw new IOException("PyTorch worker rejected '" + request + "': " + reply.substring("ERROR ".length()));
    }
    throw new IOException("PyTorch worker: unexpected reply to '" + request + "': " + reply);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  /** Asks the worker to quit; one that does not within a few seconds is killed. */
  @Override
  public void close() {
    try {
      requests.write("quit\n");
      requests.close();
    } catch (IOException alreadyGone) {
      // nothing to tell a process that has exited
    }
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try {
      output.close();
    } catch (IOException ignored) {
      // the process is gone; its pipe has nothing more to say
    }
  }

  private void send(String request) throws IOException {
    if (!process.isAlive()) {
      throw new IOException("PyTorch worker has exited (code " + process.exitValue() + "), cannot send '"
          + request + "'" + lastOutput());
    }
    requests.write(request + "\n");
    requests.flush();
  }

  /** The next READY, RESULT or ERROR line; the lines in between go to {@code otherOutput}. */
  private String nextReply(String request) throws IOException {
    for (String line = output.readLine(); line != null; line = output.readLine()) {
      if (line.startsWith("READY ") || line.startsWith("RESULT ") || line.startsWith("ERROR ")) {
        return line;
      }
      lastOtherLine = line;
      otherOutput.accept(line);
    }
    throw new IOException("PyTorch worker exited (code " + exitCode() + ") before answering '" + request + "'"
        + lastOutput());
  }

  private String exitCode() {
    try {
      return process.waitFor(5, TimeUnit.SECONDS) ? String.valueOf(process.exitValue()) : "unknown";
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "unknown";
    }
  }

  /** Usually the exception line of a Python traceback, which says why the worker died. */
  private String lastOutput() {
    return lastOtherLine.isBlank() ? "" : "; its last output: " + lastOtherLine.strip();
  }
}
