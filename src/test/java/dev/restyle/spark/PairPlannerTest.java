package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.params.PixelRange;
import dev.restyle.params.StyleParams;
import dev.restyle.storage.InputPolicy;
import dev.restyle.support.ErrorClass;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

class PairPlannerTest {

  private static final StructType MANIFEST = new StructType().add("content_uri", DataTypes.StringType)
      .add("style_uri", DataTypes.StringType).add("pair_id", DataTypes.StringType)
      .add("size", DataTypes.StringType).add("optimizer", DataTypes.StringType);

  private final PairPlanner planner = new PairPlanner(StyleParams.of(Map.of("iterations", "100")), "file:/data",
      InputPolicy.forRun(List.of(), "local[2]", "file:/work"), PairMemoryBudget.given(8L << 30));

  @Test
  void aRowsOverridesWinOverTheJobsFlagsInOneTypedMerge() {
    PlannedPair pair = planner.plan(row("c.png", "s1.png, s2.png", "p1", "64", "adam"));

    assertThat(pair.failed()).isFalse();
    assertThat(pair.contentUri()).isEqualTo("file:/data/c.png");
    assertThat(pair.styleUri()).isEqualTo("file:/data/s1.png,file:/data/s2.png");
    StyleParams read = StyleParams.fromJson(pair.paramsJson());
    assertThat(read.size()).isEqualTo(64);
    assertThat(read.iterations()).isEqualTo(100);
    assertThat(read.optimizer().learningRate()).isEqualTo(0.02); // auto, resolved for the row's optimizer
  }

  @Test
  void aRowThatCannotRunRecordsWhatWasAskedAsTextUnderTheIdEarlierVersionsGaveIt() {
    PlannedPair pair = planner.plan(row("c.png", "s.png", null, "99999", null));

    assertThat(pair.errorClass()).isEqualTo(ErrorClass.PARAM_INVALID);
    assertThat(pair.errorMessage()).isEqualTo("--size '99999' is invalid; allowed: 16..8192");
    assertThat(pair.paramsJson()).isEqualTo("{\"iterations\":\"100\",\"size\":\"99999\"}");
    assertThat(pair.pairId()).isEqualTo(PairIds.generated("file:/data/c.png", "file:/data/s.png", pair.paramsJson()));
  }

  @Test
  void aPairWithAnInputTheRunMayNotReadIsPlannedAsNotAllowedUnderItsOwnId() {
    PairPlanner onCluster = new PairPlanner(StyleParams.of(Map.of("iterations", "100")), "file:/data",
        InputPolicy.forRun(List.of(), "spark://127.0.0.1:7077", "file:/work"),
        PairMemoryBudget.given(8L << 30));
    PlannedPair blend = onCluster.plan(row("s3a://b/c.png", "s3a://b/s.png, http://169.254.169.254/latest/", null,
        null, null));
    PlannedPair local = onCluster.plan(row("c.png", "s3a://b/s.png", null, null, null));

    assertThat(blend.errorClass()).isEqualTo(ErrorClass.INPUT_NOT_ALLOWED);
    assertThat(blend.errorMessage()).isEqualTo("http://169.254.169.254/latest/ is not allowed: its host "
        + "169.254.169.254 is a cloud metadata address, which a run never reads");
    assertThat(blend.pairId()).as("the id it has when allowed")
        .isEqualTo(PairIds.generated("s3a://b/c.png", "s3a://b/s.png,http://169.254.169.254/latest/",
            blend.paramsJson()));
    assertThat(local.errorClass()).isEqualTo(ErrorClass.INPUT_NOT_ALLOWED);
    assertThat(local.errorMessage()).startsWith("file:/data/c.png is not allowed: file: inputs on a cluster master");
    assertThat(onCluster.plan(row("s3a://b/c.png", "s3a://b/s.png", null, null, null)).failed()).isFalse();
  }

  @Test
  void pixelRangeIsAManifestColumnAndItsDefaultKeepsTheIdsEarlierVersionsGave() {
    StructType manifest = new StructType().add("content_uri", DataTypes.StringType)
        .add("style_uri", DataTypes.StringType).add("pixel_range", DataTypes.StringType);
    PlannedPair clamped = planner.plan(new GenericRowWithSchema(new Object[] {"c.png", "s.png", "clamp_at_end"},
        manifest));
    PlannedPair projected = planner.plan(new GenericRowWithSchema(new Object[] {"c.png", "s.png", "project"},
        manifest));
    PlannedPair blank = planner.plan(new GenericRowWithSchema(new Object[] {"c.png", "s.png", ""}, manifest));
    PlannedPair withoutTheColumn = planner.plan(row("c.png", "s.png", null, null, null));

    assertThat(clamped.failed()).isFalse();
    assertThat(clamped.paramsJson()).contains("\"pixel_range\":\"clamp_at_end\"");
    assertThat(StyleParams.fromJson(clamped.paramsJson()).pixelRange()).isEqualTo(PixelRange.CLAMP_AT_END);
    assertThat(clamped.pairId()).isNotEqualTo(withoutTheColumn.pairId());
    // The default, given or blank, plans exactly as a manifest without the column, as before the column existed.
    for (PlannedPair same : new PlannedPair[] {projected, blank}) {
      assertThat(same.paramsJson()).isEqualTo(withoutTheColumn.paramsJson()).doesNotContain("pixel_range");
      assertThat(same.paramsHash()).isEqualTo(withoutTheColumn.paramsHash());
      assertThat(same.pairId()).isEqualTo(withoutTheColumn.pairId());
    }
  }

  @Test
  void theModelAndOptimizationOptionsAreManifestColumnsAndAutoIsResolvedByTheWeights() {
    StructType manifest = new StructType().add("content_uri", DataTypes.StringType)
        .add("style_uri", DataTypes.StringType).add("preprocessing", DataTypes.StringType)
        .add("normalize_gradients", DataTypes.StringType).add("average_decay", DataTypes.StringType)
        .add("precision", DataTypes.StringType);
    String caffeWeights = "sha256:" + dev.restyle.model.Preprocessing.CAFFE_VGG19_SHA256_PREFIX + "0".repeat(56);
    PairPlanner withCaffeWeights = new PairPlanner(StyleParams.of(Map.of("iterations", "100")), "file:/data",
        InputPolicy.forRun(List.of(), "local[2]", "file:/work"), PairMemoryBudget.given(8L << 30), caffeWeights);

    PlannedPair set = planner.plan(new GenericRowWithSchema(new Object[] {"c.png", "s.png", "caffe", "true", "0.9", "bf16"},
        manifest));
    PlannedPair blank = withCaffeWeights.plan(new GenericRowWithSchema(new Object[] {"c.png", "s.png", "", "", "", ""},
        manifest));
    PlannedPair forced = withCaffeWeights.plan(new GenericRowWithSchema(
        new Object[] {"c.png", "s.png", "torchvision", "false", "0", "fp32"}, manifest));
    PlannedPair withoutTheColumns = planner.plan(row("c.png", "s.png", null, null, null));

    assertThat(set.failed()).isFalse();
    assertThat(set.paramsJson()).contains("\"preprocessing\":\"caffe\"", "\"normalize_gradients\":true",
        "\"average_decay\":0.9", "\"precision\":\"bf16\"");
    // auto with the Caffe file's sha256 is recorded as what runs: caffe.
    assertThat(blank.paramsJson()).contains("\"preprocessing\":\"caffe\"")
        .doesNotContain("normalize_gradients", "average_decay", "precision");
    // The defaults, and torchvision forced on the Caffe file, plan as a manifest without the columns did.
    assertThat(forced.paramsJson()).isEqualTo(withoutTheColumns.paramsJson()).doesNotContain("preprocessing");
    assertThat(forced.pairId()).isEqualTo(withoutTheColumns.pairId());
  }

  private static GenericRowWithSchema row(String content, String style, String id, String size, String optimizer) {
    return new GenericRowWithSchema(new Object[] {content, style, id, size, optimizer}, MANIFEST);
  }
}
