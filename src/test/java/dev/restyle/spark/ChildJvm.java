package dev.restyle.spark;

import dev.restyle.cli.RunCommand;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code dev.restyle.cli.RunCommand} (spark-submit's entry point) in a separate JVM with this test
 * JVM's class path, the module openings Spark needs, DJL offline with the build's native cache, and the
 * given extra JVM flags and environment; captures its stdout and stderr in files.
 */
final class ChildJvm {

  record Result(int exitCode, String out, String err) {}

  private ChildJvm() {}

  static Result runJob(Path workDir, List<String> jvmFlags, Map<String, String> env, List<String> jobArgs,
      long timeoutSeconds) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("-Xss")
          || arg.startsWith("-Djdk.reflect.") || arg.startsWith("-Dio.netty.")
          || arg.equals("-XX:+IgnoreUnrecognizedVMOptions")) {
        command.add(arg);
      }
    }
    command.add("-Dai.djl.offline=true");
    String djlCache = System.getProperty("DJL_CACHE_DIR", System.getenv("DJL_CACHE_DIR"));
    if (djlCache != null) {
      command.add("-DDJL_CACHE_DIR=" + djlCache);
    }
    command.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    command.addAll(jvmFlags);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"), RunCommand.class.getName()));
    command.addAll(jobArgs);

    Path out = workDir.resolve("child.stdout");
    Path err = workDir.resolve("child.stderr");
    ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    Map<String, String> environment = builder.environment();
    for (String name : List.of("DJL_CACHE_DIR", "ENGINE_CACHE_DIR", "OMP_WAIT_POLICY")) {
      if (System.getenv(name) != null) {
        environment.put(name, System.getenv(name));
      }
    }
    environment.keySet().removeIf(name -> name.startsWith("AWS_")); // only what the test gives
    environment.remove("JAVA_TOOL_OPTIONS");
    environment.remove("JDK_JAVA_OPTIONS");
    environment.putAll(env);
    Process process = builder.start();
    process.getOutputStream().close();
    try {
      if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        throw new AssertionError("the child job did not finish within " + timeoutSeconds + " s; stderr:\n"
            + Files.readString(err, StandardCharsets.UTF_8));
      }
    } finally {
      if (process.isAlive()) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
    return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
