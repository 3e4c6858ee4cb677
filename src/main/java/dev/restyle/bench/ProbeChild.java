package dev.restyle.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs one measurement in a fresh JVM and returns its {@code RESULT …} line. A process's peak resident
 * memory (VmHWM) only ever grows, so each peak must be measured in a process of its own.
 */
final class ProbeChild {

  static final String RESULT = "RESULT ";
  /** The same fixed, pre-touched heap for every child: differences between them are native memory. */
  static final List<String> FIXED_HEAP = List.of("-Xms512m", "-Xmx512m", "-XX:+AlwaysPreTouch");

  private ProbeChild() {}

  /** @return the fields of the child's RESULT line, after the word */
  static String[] run(Class<?> main, List<String> jvmFlags, List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvmFlags);
    for (String key : System.getProperties().stringPropertyNames()) {
      if (key.startsWith("ai.djl.") || key.equals("java.io.tmpdir") || key.startsWith("log4j2.")) {
        command.add("-D" + key + "=" + System.getProperty(key));
      }
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(args);
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
      String result = null;
      StringBuilder output = new StringBuilder();
      try (BufferedReader lines = new BufferedReader(
          new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
        for (String line; (line = lines.readLine()) != null; ) {
          output.append(line).append('\n');
          if (line.startsWith(RESULT)) {
            result = line;
          }
        }
      }
      int exit = process.waitFor();
      if (exit != 0 || result == null) {
        throw new IllegalStateException("probe child " + args + " exited with " + exit + ":\n" + output);
      }
      return result.substring(RESULT.length()).split(" ");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
