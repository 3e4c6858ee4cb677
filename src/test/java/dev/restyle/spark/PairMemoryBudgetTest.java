package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.params.StyleParams;
import dev.restyle.transfer.PairMemoryEstimate;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.junit.jupiter.api.Test;

/** The memory guard: estimates from the parameters, the budget from the executor's settings, the refusal. */
class PairMemoryBudgetTest {

  private static final PairMemoryBudget EIGHT_GIB = PairMemoryBudget.given(8L << 30);

  @Test
  void anLbfgsPairAt8192PxIsRefusedWithTheEstimateTheLimitAndWhatWouldFit() {
    StyleParams huge = StyleParams.of(Map.of("size", "8192"));

    assertThat(PairMemoryEstimate.of(huge).describe())
        .isEqualTo("about 378.5 GiB (network 225.0 GiB, L-BFGS history 2 × 100 at 8192×8192 px 153.0 GiB)");
    assertThat(EIGHT_GIB.refusal(huge)).isEqualTo("the pair needs about 378.5 GiB (network 225.0 GiB, L-BFGS "
        + "history 2 × 100 at 8192×8192 px 153.0 GiB) of memory, over the limit of 8.0 GiB per pair "
        + "(--max-pair-memory); it would fit with --tile 1024 --optimizer adam (7.5 GiB)");
  }

  @Test
  void historyAdamAndTilesAreOfferedWhenTheyFitAndThePairThatFitsIsNotRefused() {
    StyleParams lbfgs2048 = StyleParams.of(Map.of("size", "2048"));
    PairMemoryBudget twentyGib = PairMemoryBudget.given(20L << 30);

    // 2048² px: network 3600 B/px = 14.1 GiB; L-BFGS (2·100 + 4) vectors of 12 B/px = 9.6 GiB; runtime 0.5 GiB.
    assertThat(twentyGib.refusal(lbfgs2048)).isEqualTo("the pair needs about 24.1 GiB (network 14.1 GiB, L-BFGS "
        + "history 2 × 100 at 2048×2048 px 9.6 GiB) of memory, over the limit of 20.0 GiB per pair "
        + "(--max-pair-memory); it would fit with --optimizer adam (14.8 GiB), or --history-size 50 (19.4 GiB), "
        + "or --tile 1024 --optimizer adam (4.7 GiB)");
    // The control: the same pair at a size that fits, and the same size with Adam.
    assertThat(twentyGib.refusal(StyleParams.of(Map.of("size", "1024")))).isNull();
    assertThat(twentyGib.refusal(lbfgs2048.with(Map.of("optimizer", "adam")))).isNull();
  }

  @Test
  void onAClusterTheBudgetIsTheExecutorsMemoryOverheadOverItsConcurrentTasks() {
    SparkConf conf = new SparkConf(false).set("spark.executor.memory", "8g")
        .set("spark.executor.memoryOverhead", "6g").set("spark.executor.cores", "4").set("spark.task.cpus", "2");

    PairMemoryBudget budget = PairMemoryBudget.auto(conf, "spark://127.0.0.1:7077", 8);

    assertThat(budget.bytes()).isEqualTo(3L << 30);
    assertThat(budget.source()).isEqualTo("--max-pair-memory auto: spark.executor.memoryOverhead 6g over 2 tasks "
        + "per executor");
  }

  @Test
  void withoutAnOverheadSettingSparksOwnDefaultOverheadIsTheBudget() {
    SparkConf conf = new SparkConf(false).set("spark.executor.memory", "16g");

    PairMemoryBudget budget = PairMemoryBudget.auto(conf, "yarn", 8);

    assertThat(budget.bytes()).isEqualTo((long) (0.1 * (16L << 30)));
    assertThat(budget.source()).isEqualTo("--max-pair-memory auto: the default overhead 1.6 GiB (0.10 × "
        + "spark.executor.memory) over 1 task per executor");
  }

  @Test
  void locallyTheBudgetIsPhysicalMemoryLessTheHeapOverTheTaskSlots() {
    PairMemoryBudget one = PairMemoryBudget.auto(new SparkConf(false), "local[1]", 1);
    PairMemoryBudget two = PairMemoryBudget.auto(new SparkConf(false), "local[2]", 2);

    assertThat(one.bytes()).isPositive();
    assertThat(two.bytes()).isEqualTo(one.bytes() / 2);
    assertThat(two.source()).startsWith("--max-pair-memory auto: physical memory ").endsWith("over 2 local task slots");
  }
}
