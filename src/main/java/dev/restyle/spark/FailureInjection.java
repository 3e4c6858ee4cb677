package dev.restyle.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.TaskContext;

/**
 * Test-only: makes the first attempt of every task fail right after its first pair (whose image is
 * already written), to prove that retries leave exactly one image and one row per pair. Enabled only when the job is given {@code --test-fail-first-attempt DIR}.
 */
final class FailureInjection {

  private FailureInjection() {}

  static void maybeFailFirstAttempt(String markerDir) {
    TaskContext task = TaskContext.get();
    if (markerDir == null || task == null || task.attemptNumber() > 0) {
      return;
    }
    try {
      Files.createDirectories(Path.of(markerDir));
      Files.writeString(Path.of(markerDir, "partition-" + task.partitionId()), "failed attempt 0\n");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    throw new IllegalStateException("injected failure of task attempt 0 (--test-fail-first-attempt)");
  }
}
