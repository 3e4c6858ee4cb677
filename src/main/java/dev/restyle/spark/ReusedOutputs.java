package dev.restyle.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.current_timestamp;
import static org.apache.spark.sql.functions.lit;

import dev.restyle.metrics.MetricsSchema;
import dev.restyle.metrics.RunLedger;
import dev.restyle.metrics.RunStatus;
import dev.restyle.storage.Storage;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.apache.spark.api.java.function.FilterFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * The pairs to run that an earlier run has already made: the same content and style URIs, in the same
 * versions ({@link InputVersions}), with the same effective parameters ({@code params_hash}) and weights,
 * and an output that is still there. Each becomes a REUSED metrics row of this run that points at the
 * earlier output and names the run it came from; the pair is not optimized again.
 *
 * <p>Cost: only pairs whose URIs and parameters match an earlier SUCCEEDED row are looked at, each with one
 * metadata request for its content, one per distinct style of a partition and one for the earlier output,
 * all on the executors. No input byte is read.
 */
final class ReusedOutputs {

  /** Columns of a REUSED row that describe how an earlier run ran, not this one: left null. */
  private static final Set<String> NOT_THIS_RUN = Set.of("error_class", "error_message", "device", "executor_id",
      "host", "task_attempt", "duration_ms", "model_load_ms", "ms_per_iteration_median", "style_cache_hit");

  private ReusedOutputs() {}

  /**
   * @param todo planned pairs ({@link PlannedPair#SCHEMA})
   * @param earlier {@link RunLedger#earlierOutputs}
   * @return REUSED rows in {@link MetricsSchema#SCHEMA} order, one per reused pair of {@code todo}
   */
  static Dataset<Row> find(Dataset<Row> todo, Dataset<Row> earlier, String runId, HadoopConf hadoopConf,
      long maxInputBytes) {
    List<String> urisAndParams = List.of("content_uri", "style_uri", "params_hash");
    Dataset<Row> candidates = todo.where(col("plan_error_class").isNull())
        .join(earlier.select(urisAndParams.stream().map(c -> col(c)).toArray(Column[]::new)).distinct(),
            seq(urisAndParams), "left_semi");
    Dataset<Row> versioned = candidates
        .mapPartitions(new InputVersions.Lookup(hadoopConf, maxInputBytes), Encoders.row(InputVersions.Lookup.SCHEMA))
        .where(col(InputVersions.COLUMN).isNotNull());
    Dataset<Row> p = versioned.as("p");
    Dataset<Row> e = earlier.as("e");
    Column same = Arrays.stream(RunLedger.REUSE_KEY).map(c -> col("p." + c).equalTo(col("e." + c)))
        .reduce(Column::and).orElseThrow();
    Column[] row = Arrays.stream(MetricsSchema.SCHEMA.fields()).map(field -> cell(field, runId).as(field.name()))
        .toArray(Column[]::new);
    return p.join(e, same).select(row).filter(new OutputStillThere(hadoopConf));
  }

  private static Column cell(StructField field, String runId) {
    return switch (field.name()) {
      case "run_id" -> lit(runId);
      case "status" -> lit(RunStatus.REUSED.name());
      case "reused_from_run_id" -> col("e.run_id");
      case "pair_id", "content_uri", "style_uri", "params_json", "params_hash", "input_versions" ->
          col("p." + field.name());
      case "started_at", "finished_at" -> current_timestamp();
      default -> NOT_THIS_RUN.contains(field.name()) ? lit(null).cast(field.dataType()) : col("e." + field.name());
    };
  }

  private static scala.collection.immutable.Seq<String> seq(List<String> columns) {
    return scala.jdk.javaapi.CollectionConverters.asScala(columns).toSeq();
  }

  /** An earlier output deleted since (a retention policy, say) is made again instead of pointed at. */
  private static final class OutputStillThere implements FilterFunction<Row> {

    private static final long serialVersionUID = 1L;

    private final HadoopConf hadoopConf;

    OutputStillThere(HadoopConf hadoopConf) {
      this.hadoopConf = hadoopConf;
    }

    @Override
    public boolean call(Row row) throws Exception {
      return new Storage(hadoopConf.get()).exists(row.getAs("output_uri"));
    }
  }
}
