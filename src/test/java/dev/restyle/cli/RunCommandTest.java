package dev.restyle.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.restyle.model.WeightsSource;
import dev.restyle.params.Optimizer;
import dev.restyle.params.StyleParamTable;
import dev.restyle.spark.DeviceChoice;
import dev.restyle.spark.JobConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RunCommandTest {

  @Test
  void theModelAndOptimizationFlagsReachTheJobsParameters() {
    // --normalize-gradients is a switch: alone, before another flag, it means true.
    JobConfig config = RunCommand.parse(new String[] {"--pairs", "p.csv", "--output", "o", "--weights", "w.pth",
        "--normalize-gradients", "--average-decay", "0.9", "--preprocessing", "caffe"});
    assertThat(config.params().losses().weights().normalizeGradients()).isTrue();
    assertThat(config.params().averageDecay()).isEqualTo(0.9);
    assertThat(config.params().preprocessing()).isEqualTo(dev.restyle.model.Preprocessing.CAFFE);
    JobConfig off = RunCommand.parse(new String[] {"--pairs", "p.csv", "--output", "o", "--weights", "w.pth",
        "--normalize-gradients", "false"});
    assertThat(off.params().losses().weights().normalizeGradients()).isFalse();
    assertThat(off.params().preprocessing()).isEqualTo(dev.restyle.model.Preprocessing.AUTO);
  }

  @Test
  void laterFlagsWinSoLaunchersCanPrependDefaults() {
    JobConfig config = RunCommand.parse(new String[] {"--size", "512", "--pairs", "p.csv", "--output", "o",
        "--weights", "w.pth", "--size", "128", "--run-id", "2026-11-22"});
    assertThat(config.params().size()).isEqualTo(128);
    assertThat(config.output().runId()).isEqualTo("2026-11-22");
    assertThat(config.output().metricsDir()).isEqualTo("o/metrics");
  }

  @Test
  void flagsBecomeTypedGroups() {
    JobConfig config = RunCommand.parse(new String[] {"--content", "c/*.png", "--style", "s/*.jpg", "--mode", "zip",
        "--output", "s3a://b/out/", "--weights", "untrained:seed=7", "--optimizer", "adam", "--skip-done",
        "--max-failed-fraction", "0.25", "--style-cache-mb", "2", "--commit-every", "10", "--partitions", "3",
        "--max-input-bytes", "1000", "--conf", "spark.executor.memory=8g", "--master", "local[1]"});

    assertThat(config.catalog()).isEqualTo(new JobConfig.CatalogSource.Globs("c/*.png", "s/*.jpg",
        JobConfig.Pairing.ZIP));
    assertThat(config.output().metricsDir()).isEqualTo("s3a://b/out/metrics");
    assertThat(config.weights()).isEqualTo(new WeightsSource.Untrained(7));
    assertThat(config.params().get(StyleParamTable.OPTIMIZER)).isEqualTo(Optimizer.ADAM);
    assertThat(config.params().optimizer().learningRate()).isEqualTo(0.02);
    assertThat(config.limits()).isEqualTo(new JobConfig.Limits(100_000_000L, 1000, 2L << 20, 0.25, 0, 0));
    assertThat(config.execution()).isEqualTo(new JobConfig.Execution(3, 10, true, false, DeviceChoice.AUTO, false, false));
    assertThat(config.spark()).isEqualTo(new JobConfig.SparkOptions("local[1]",
        Map.of("spark.executor.memory", "8g")));
  }

  @Test
  void pairGuardsTakeSparksSizesAndDurationsAndRefuseNonsense() {
    String[] base = {"--pairs", "p.csv", "--output", "o", "--weights", "w.pth"};
    JobConfig config = RunCommand.parse(concat(base, "--max-pair-memory", "6g", "--pair-timeout", "20m",
        "--retry-lost"));
    assertThat(config.limits().maxPairMemoryBytes()).isEqualTo(6L << 30);
    assertThat(config.limits().pairTimeoutMillis()).isEqualTo(20 * 60_000L);
    assertThat(config.execution().retryLost()).isTrue();
    assertThat(RunCommand.parse(concat(base, "--max-pair-memory", "auto")).limits().maxPairMemoryBytes()).isZero();

    assertThatThrownBy(() -> RunCommand.parse(concat(base, "--max-pair-memory", "lots")))
        .hasMessage("--max-pair-memory 'lots' is invalid; give a size such as 6g or 512m, or auto");
    assertThatThrownBy(() -> RunCommand.parse(concat(base, "--pair-timeout", "0s")))
        .hasMessage("--pair-timeout '0s' is invalid; give a duration such as 90s, 20m or 2h");
  }

  private static String[] concat(String[] a, String... b) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b))
        .toArray(String[]::new);
  }

  @Test
  void allowInputPrefixIsRepeatableAndCheckedWhenParsed() {
    JobConfig config = RunCommand.parse(new String[] {"--pairs", "p.csv", "--output", "o", "--weights", "w.pth",
        "--allow-input-prefix", "s3a://bucket/images/", "--allow-input-prefix", "file:/data/in"});
    assertThat(config.inputs().allowedPrefixes()).containsExactly("s3a://bucket/images/", "file:/data/in");
    assertThat(config.describe()).contains("  allow-input-prefix     s3a://bucket/images/\n"
        + "  allow-input-prefix     file:/data/in\n");
    assertThat(RunCommand.parse(new String[] {"--pairs", "p.csv", "--output", "o", "--weights", "w.pth"})
        .inputs().allowedPrefixes()).isEmpty();
    assertThatThrownBy(() -> RunCommand.parse(new String[] {"--pairs", "p.csv", "--output", "o", "--weights",
        "w.pth", "--allow-input-prefix", "http://169.254.169.254/"}))
        .hasMessage("--allow-input-prefix 'http://169.254.169.254/' is invalid: its host 169.254.169.254 is a cloud "
            + "metadata address, which a run never reads");
  }

  @Test
  void weightsAreParsedOnceIntoTheirKind() {
    assertThat(weights("untrained")).isEqualTo(new WeightsSource.Untrained(0));
    assertThat(weights("models/vgg19.pth")).isEqualTo(new WeightsSource.LocalFile(Path.of("models/vgg19.pth")));
    assertThat(weights("file:/opt/vgg19.pth")).isEqualTo(new WeightsSource.LocalFile(Path.of("/opt/vgg19.pth")));
    assertThat(weights("s3a://b/vgg19.pth")).isEqualTo(new WeightsSource.Remote("s3a://b/vgg19.pth"));
    assertThat(weights("untrained_vgg19.pth")).isEqualTo(new WeightsSource.LocalFile(Path.of("untrained_vgg19.pth")));
    assertThat(weights("untrained:seed=9223372036854775807")).isEqualTo(new WeightsSource.Untrained(Long.MAX_VALUE));
    assertThatThrownBy(() -> weights("untrained:seed=x"))
        .hasMessage("--weights 'untrained:seed=x' is invalid; allowed: untrained:seed=N, a file or a URI");
  }

  @Test
  void countsMayBeWrittenWithAnExponentAsBefore() {
    JobConfig config = RunCommand.parse(new String[] {"--pairs", "p", "--output", "o", "--weights", "w",
        "--max-input-pixels", "1e8", "--max-input-bytes", "2.5e8", "--commit-every", "1e3"});
    assertThat(config.limits().maxInputPixels()).isEqualTo(100_000_000L);
    assertThat(config.limits().maxInputBytes()).isEqualTo(250_000_000L);
    assertThat(config.execution().commitEvery()).isEqualTo(1000);
  }

  @Test
  void theStartLinesShowTheFlagsAsTypedAndTheConfInTheOrderGiven() {
    String printed = RunCommand.parse(new String[] {"--pairs", "p.csv", "--output", "o", "--weights", "w.pth",
        "--run-id", "r", "--style-weight", "5e5", "--size", "512", "--conf", "spark.z=1", "--conf", "spark.a=2"})
        .describe();
    assertThat(printed).contains("  size                   512\n").contains("  style_weight           5e5\n");
    assertThat(printed.indexOf("conf spark.z")).isLessThan(printed.indexOf("conf spark.a"));
  }

  @Test
  void secretsNeverAppearInThePrintedConfiguration() {
    JobConfig config = RunCommand.parse(new String[] {"--pairs", "s3a://b/p.csv", "--output", "s3a://b/out",
        "--weights", "s3a://b/w.pth", "--conf", "spark.hadoop.fs.s3a.secret.key=SUPERSECRET",
        "--conf", "spark.hadoop.fs.s3a.access.key=AKIDEXAMPLE", "--conf", "spark.executor.memory=8g",
        "--conf", "spark.driver.extraJavaOptions=-Dai.djl.offline=true -Dfs.s3a.secret.key=HIDDENSECRET"});
    String printed = config.describe();
    assertThat(printed).doesNotContain("SUPERSECRET").doesNotContain("AKIDEXAMPLE").doesNotContain("HIDDENSECRET");
    assertThat(printed).contains("spark.hadoop.fs.s3a.secret.key *****").contains("spark.executor.memory 8g")
        .contains("-Dai.djl.offline=true -Dfs.s3a.secret.key=*****");
  }

  @Test
  void invalidJobFlagsNameTheFlagAndTheRange() {
    assertThatThrownBy(() -> RunCommand.parse(new String[] {"--pairs", "p", "--output", "o", "--weights", "w",
        "--max-failed-fraction", "2"})).hasMessage("--max-failed-fraction '2' is invalid; allowed: 0..1");
    assertThatThrownBy(() -> RunCommand.parse(new String[] {"--content", "c/*", "--style", "s/*", "--output", "o",
        "--weights", "w", "--mode", "all"})).hasMessage("--mode 'all' is invalid; allowed: cross | zip");
    assertThatThrownBy(() -> RunCommand.parse(new String[] {"--pairs", "p", "--output", "o", "--weights", "w",
        "--run-id", "../x"})).hasMessageStartingWith("--run-id '../x' is invalid");
    assertThatThrownBy(() -> RunCommand.parse(new String[] {"--pairs", "p", "--weights", "w"}))
        .hasMessage("missing required flag --output");
  }

  @Test
  void everyStyleParameterIsAlsoAJobFlagAndNoTestHookIs() {
    List<String> flags = RunCommand.spec().options().stream().map(o -> o.longestName()).toList();
    StyleParamTable.ALL.forEach(def -> assertThat(flags).contains(def.flag()));
    assertThat(flags).noneMatch(flag -> flag.startsWith("--test"));
  }

  private static WeightsSource weights(String spec) {
    return RunCommand.parse(new String[] {"--pairs", "p", "--output", "o", "--weights", spec}).weights();
  }
}
