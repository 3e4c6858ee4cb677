package dev.restyle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.cli.RunCommand;
import dev.restyle.spark.JobConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** jobs/restyle-submit.sh, as an operator runs it: its --class exists and the job accepts every flag it passes. */
class SubmitTemplateTest {

  @Test
  void submitScriptPassesOnlyFlagsTheJobAccepts() throws Exception {
    List<String> command = dryRun("jobs/restyle-submit.sh", "--master", "yarn", "--pairs", "s3a://b/pairs.csv",
        "--output", "s3a://b/restyle", "--weights", "s3a://b/models/vgg19-dcbb9e9d.pth", "--run-id", "2026-11-22");

    assertThat(command.get(0)).isEqualTo("spark-submit");
    String mainClass = command.get(command.indexOf("--class") + 1);
    assertThat(Class.forName(mainClass)).isEqualTo(RunCommand.class);
    assertThat(command).containsSubsequence("--master", "yarn");
    int jar = command.indexOf(command.stream().filter(a -> a.endsWith("restyle.jar")).findFirst().orElseThrow());
    JobConfig config = RunCommand.parse(command.subList(jar + 1, command.size()).toArray(String[]::new));
    assertThat(config.execution().skipDone()).isTrue();
    assertThat(config.params().losses().weights().style()).isEqualTo(1e6);
    assertThat(config.params().size()).isEqualTo(512);
    assertThat(config.output().runId()).isEqualTo("2026-11-22");
  }

  /** A repeatable flag may have several lines in the defaults file; they and the command line's add up. */
  @Test
  void allowInputPrefixLinesOfTheDefaultsFileAddUpWithTheCommandLine(@TempDir Path dir) throws Exception {
    Path defaults = Files.writeString(dir.resolve("restyle-defaults.conf"), "# what the manifest may read\n"
        + "allow-input-prefix=s3a://b/images/\nallow-input-prefix=s3a://b/styles/  # shared styles\nsize=256\n");
    List<String> command = dryRun(Map.of("RESTYLE_DEFAULTS", defaults.toString()), "jobs/restyle-submit.sh",
        "--pairs", "s3a://b/pairs.csv", "--output", "s3a://b/restyle", "--weights", "s3a://b/w.pth",
        "--allow-input-prefix", "hdfs://nn:8020/data/in");

    int jar = command.indexOf(command.stream().filter(a -> a.endsWith("restyle.jar")).findFirst().orElseThrow());
    JobConfig config = RunCommand.parse(command.subList(jar + 1, command.size()).toArray(String[]::new));
    assertThat(config.inputs().allowedPrefixes()).containsExactly("s3a://b/images/", "s3a://b/styles/",
        "hdfs://nn:8020/data/in");
  }

  static List<String> dryRun(String script, String... args) throws IOException, InterruptedException {
    return dryRun(java.util.Map.of(), script, args);
  }

  static List<String> dryRun(java.util.Map<String, String> env, String script, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(concat(List.of("bash", script), List.of(args)));
    builder.environment().putAll(env);
    builder.environment().put("RESTYLE_DRY_RUN", "1");
    Process process = builder.redirectErrorStream(true).start();
    String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor()).as(out).isZero();
    return out.lines().toList();
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
