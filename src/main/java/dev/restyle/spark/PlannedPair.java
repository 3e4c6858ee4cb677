package dev.restyle.spark;

import static org.apache.spark.sql.types.DataTypes.StringType;

import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A catalog row after planning: resolved URIs, the pair id, the parameters (as given, to rebuild them
 * on the executor, and effective, for the record), or the reason it cannot run.
 */
public record PlannedPair(
    String pairId,
    String contentUri,
    String styleUri,
    String givenParamsJson,
    String paramsJson,
    String paramsHash,
    String errorClass,
    String errorMessage) {

  public static final StructType SCHEMA = new StructType(new StructField[] {
      string("pair_id"), string("content_uri"), string("style_uri"), string("given_params_json"),
      string("params_json"), string("params_hash"), string("plan_error_class"), string("plan_error_message")});

  public boolean failed() {
    return errorClass != null;
  }

  public Row toRow() {
    return RowFactory.create(pairId, contentUri, styleUri, givenParamsJson, paramsJson, paramsHash, errorClass,
        errorMessage);
  }

  /** By column name: joins and projections upstream may reorder columns. */
  public static PlannedPair fromRow(Row row) {
    return new PlannedPair(row.getAs("pair_id"), row.getAs("content_uri"), row.getAs("style_uri"),
        row.getAs("given_params_json"), row.getAs("params_json"), row.getAs("params_hash"),
        row.getAs("plan_error_class"), row.getAs("plan_error_message"));
  }

  private static StructField string(String name) {
    return DataTypes.createStructField(name, StringType, true);
  }
}
