package dev.restyle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.cli.RunCommand;
import dev.restyle.spark.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jobs/restyle run and jobs/restyle-submit.sh start from the same defaults (conf/restyle-defaults.conf, read by
 * jobs/restyle-defaults.sh): given the same flags, the job each would start has the same configuration.
 */
class SharedDefaultsTest {

  private static final List<String> JOB = List.of("--pairs", "s3a://b/pairs.csv", "--output", "s3a://b/restyle",
      "--weights", "s3a://b/w.pth", "--run-id", "2026-12-01");

  @Test
  void bothEntryPointsGetTheDefaultsFilesFlags() throws Exception {
    JobConfig local = embedded(Map.of(), JOB);
    JobConfig submitted = submitted(Map.of(), JOB);

    assertThat(local).isEqualTo(submitted);
    assertThat(local.execution().skipDone()).isTrue(); // from the file: the job's own default is off
    assertThat(RunCommand.parse(JOB.toArray(String[]::new)).execution().skipDone()).isFalse();
    assertThat(local.params().size()).isEqualTo(512);
    assertThat(local.limits().styleCacheBytes()).isEqualTo(256L << 20);
  }

  @Test
  void flagsGivenWinOverTheDefaultsInBoth() throws Exception {
    List<String> args = concat(JOB, List.of("--size", "64", "--no-skip-done"));
    JobConfig local = embedded(Map.of(), args);

    assertThat(local).isEqualTo(submitted(Map.of(), args));
    assertThat(local.params().size()).isEqualTo(64);
    assertThat(local.execution().skipDone()).isFalse();
  }

  @Test
  void anotherDefaultsFileChangesBothAlike(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("restyle-defaults.conf"), "size=128\niterations=7\nskip-done=false\n"
        + "commit-every=500  # bigger waves\n");
    Map<String, String> env = Map.of("RESTYLE_DEFAULTS", file.toString());
    JobConfig local = embedded(env, JOB);

    assertThat(local).isEqualTo(submitted(env, JOB));
    assertThat(local.params().size()).isEqualTo(128);
    assertThat(local.params().iterations()).isEqualTo(7);
    assertThat(local.execution().skipDone()).isFalse();
    assertThat(local.execution().commitEvery()).isEqualTo(500);
  }

  /** The configuration `jobs/restyle run ARGS` would run: the arguments it hands Main after {@code run}. */
  private static JobConfig embedded(Map<String, String> env, List<String> args) throws Exception {
    List<String> command = SubmitTemplateTest.dryRun(env, "jobs/restyle", concat(List.of("run"), args)
        .toArray(String[]::new));
    assertThat(command.subList(0, 3)).containsExactly("java", "dev.restyle.cli.Main", "run");
    return RunCommand.parse(command.subList(3, command.size()).toArray(String[]::new));
  }

  /** The configuration spark-submit would start: the arguments after the jar. */
  private static JobConfig submitted(Map<String, String> env, List<String> args) throws Exception {
    List<String> command = SubmitTemplateTest.dryRun(env, "jobs/restyle-submit.sh", args.toArray(String[]::new));
    int jar = command.indexOf(command.stream().filter(a -> a.endsWith("restyle.jar")).findFirst().orElseThrow());
    return RunCommand.parse(command.subList(jar + 1, command.size()).toArray(String[]::new));
  }

  private static List<String> concat(List<String> a, List<String> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }
}
