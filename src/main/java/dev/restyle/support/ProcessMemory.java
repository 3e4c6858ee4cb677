package dev.restyle.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * This process's resident memory from {@code /proc/self/status} (Linux). It counts native tensor memory,
 * which the JVM heap figures do not; -1 where /proc is absent (macOS, Windows) or reads oddly.
 */
public final class ProcessMemory {

  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessMemory() {}

  /** VmRSS: resident now. */
  public static long currentRssMiB() {
    return fieldMiB("VmRSS:");
  }

  /** VmHWM: the highest resident size so far; it only ever grows. */
  public static long peakRssMiB() {
    return fieldMiB("VmHWM:");
  }

  private static long fieldMiB(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name)) {
          return Long.parseLong(line.substring(name.length()).replace("kB", "").strip()) / 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }
}
