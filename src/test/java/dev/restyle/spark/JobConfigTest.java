package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class JobConfigTest {

  @Test
  void laterFlagsWinSoLaunchersCanPrependDefaults() {
    JobConfig config = JobConfig.parse(new String[] {"--size", "512", "--pairs", "p.csv", "--output", "o",
        "--weights", "w.pth", "--size", "128", "--run-id", "2026-11-22"});
    assertThat(config.styleParams()).containsEntry("size", "128");
    assertThat(config.runId()).isEqualTo("2026-11-22");
    assertThat(config.metricsDir()).isEqualTo("o/metrics");
  }

  @Test
  void secretsNeverAppearInThePrintedConfiguration() {
    JobConfig config = JobConfig.parse(new String[] {"--pairs", "s3a://b/p.csv", "--output", "s3a://b/out",
        "--weights", "s3a://b/w.pth", "--conf", "spark.hadoop.fs.s3a.secret.key=SUPERSECRET",
        "--conf", "spark.hadoop.fs.s3a.access.key=AKIDEXAMPLE", "--conf", "spark.executor.memory=8g",
        "--conf", "spark.driver.extraJavaOptions=-Dai.djl.offline=true -Dfs.s3a.secret.key=HIDDENSECRET"});
    String printed = config.describe();
    assertThat(printed).doesNotContain("SUPERSECRET").doesNotContain("AKIDEXAMPLE").doesNotContain("HIDDENSECRET");
    assertThat(printed).contains("spark.hadoop.fs.s3a.secret.key *****").contains("spark.executor.memory 8g");
  }

  @Test
  void invalidJobFlagsNameTheFlagAndTheRange() {
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--pairs", "p", "--output", "o", "--weights", "w",
        "--max-failed-fraction", "2"})).hasMessage("--max-failed-fraction '2' is invalid; allowed: 0..1");
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--pairs", "p", "--output", "o", "--weights", "w",
        "--run-id", "../x"})).hasMessageStartingWith("--run-id '../x' is invalid");
    assertThatThrownBy(() -> JobConfig.parse(new String[] {"--pairs", "p", "--weights", "w"}))
        .hasMessage("missing required flag --output");
  }

  @Test
  void everyStyleParameterIsAlsoAJobFlag() {
    List<String> flags = JobConfig.spec().options().stream().map(o -> o.longestName()).toList();
    dev.restyle.transfer.StyleParamTable.ALL.forEach(def -> assertThat(flags).contains(def.flag()));
  }
}
