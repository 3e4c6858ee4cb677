package dev.restyle.spark;

import static org.apache.spark.sql.types.DataTypes.StringType;

import dev.restyle.support.ErrorClass;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A catalog row after planning: resolved URIs, the pair id, the effective parameters as JSON (what the
 * metrics record, and what the executor reads back to run the pair), or the reason it cannot run.
 *
 * @param paramsJson the effective parameters ({@code StyleParams.effectiveJson()}); for a pair that
 *     failed planning, the values as given, which may not parse
 * @param errorClass null unless planning failed
 */
public record PlannedPair(
    String pairId,
    String contentUri,
    String styleUri,
    String paramsJson,
    String paramsHash,
    ErrorClass errorClass,
    String errorMessage) {

  public static final StructType SCHEMA = new StructType(new StructField[] {
      string("pair_id"), string("content_uri"), string("style_uri"), string("params_json"), string("params_hash"),
      string("plan_error_class"), string("plan_error_message")});

  public boolean failed() {
    return errorClass != null;
  }

  public Row toRow() {
    return RowFactory.create(pairId, contentUri, styleUri, paramsJson, paramsHash,
        errorClass == null ? null : errorClass.name(), errorMessage);
  }

  /** By column name: joins and projections upstream may reorder columns. */
  public static PlannedPair fromRow(Row row) {
    String errorClass = row.getAs("plan_error_class");
    return new PlannedPair(row.getAs("pair_id"), row.getAs("content_uri"), row.getAs("style_uri"),
        row.getAs("params_json"), row.getAs("params_hash"), errorClass == null ? null : ErrorClass.valueOf(errorClass),
        row.getAs("plan_error_message"));
  }

  private static StructField string(String name) {
    return DataTypes.createStructField(name, StringType, true);
  }
}
