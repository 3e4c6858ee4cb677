package dev.restyle.metrics;

import static org.apache.spark.sql.types.DataTypes.BooleanType;
import static org.apache.spark.sql.types.DataTypes.DoubleType;
import static org.apache.spark.sql.types.DataTypes.IntegerType;
import static org.apache.spark.sql.types.DataTypes.LongType;
import static org.apache.spark.sql.types.DataTypes.StringType;
import static org.apache.spark.sql.types.DataTypes.TimestampType;

import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * One row per pair per run: the contract between the job that writes metrics, the ledger that reads them
 * for {@code --skip-done}, the report and analysts' SQL. Columns are added, never renamed or retyped;
 * the README's "Outputs" lists them. {@link MetricsRow} fills them by name.
 */
public final class MetricsSchema {

  public static final StructType LOSS_POINT = new StructType(new StructField[] {
      field("iteration", IntegerType), field("scale", IntegerType), field("content", DoubleType),
      field("style", DoubleType),
      field("tv", DoubleType), field("total", DoubleType)});

  public static final StructType SCHEMA = new StructType(new StructField[] {
      field("run_id", StringType),
      field("pair_id", StringType),
      field("content_uri", StringType),
      field("style_uri", StringType),
      field("output_uri", StringType),
      field("status", StringType),
      field("error_class", StringType),
      field("error_message", StringType),
      field("params_json", StringType),
      field("params_hash", StringType),
      field("weights_id", StringType),
      field("width", IntegerType),
      field("height", IntegerType),
      field("iterations", IntegerType),
      field("content_loss", DoubleType),
      field("style_loss", DoubleType),
      field("tv_loss", DoubleType),
      field("total_loss", DoubleType),
      field("initial_content_loss", DoubleType),
      field("initial_style_loss", DoubleType),
      field("initial_total_loss", DoubleType),
      field("loss_history", DataTypes.createArrayType(LOSS_POINT, false)),
      field("ms_per_iteration_median", DoubleType),
      field("device", StringType),
      field("executor_id", StringType),
      field("host", StringType),
      field("task_attempt", IntegerType),
      field("started_at", TimestampType),
      field("finished_at", TimestampType),
      field("duration_ms", LongType),
      field("model_load_ms", LongType),
      field("style_cache_hit", BooleanType),
      field("content_orientation", IntegerType),
      field("last_iterate_total_loss", DoubleType),
      field("written_loss_ratio", DoubleType),
      field("content_ssim", DoubleType),
      field("loss_ratio", DoubleType),
      field("flags", DataTypes.createArrayType(StringType, false)),
      field("input_versions", StringType),
      field("reused_from_run_id", StringType),
      field("batch_size", IntegerType),
      field("batch_id", StringType)});

  private MetricsSchema() {}

  public static int index(String column) {
    return SCHEMA.fieldIndex(column);
  }

  private static StructField field(String name, org.apache.spark.sql.types.DataType type) {
    return DataTypes.createStructField(name, type, true);
  }
}
