package dev.restyle.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Splits the pairs to run into waves of at most N, in (style, pair id) order, each committed as its own
 * append. A run killed mid-way keeps every finished wave's rows, so a rerun with --skip-done does only
 * the rest; ordering by style keeps a style's pairs in the same wave for the style-target cache.
 */
final class Waves {

  static final String WAVE = "wave";

  private Waves() {}

  /** The pairs with a {@code wave} column: 0 for the first {@code size} pairs, 1 for the next, … */
  static Dataset<Row> assign(SparkSession spark, Dataset<Row> pairs, long size) {
    StructType schema = pairs.schema().add(WAVE, DataTypes.LongType, false);
    int waveColumn = schema.fieldIndex(WAVE);
    JavaRDD<Row> numbered = pairs.sort("style_uri", "pair_id").javaRDD().zipWithIndex().map(indexed -> {
      Object[] values = new Object[waveColumn + 1];
      for (int i = 0; i < waveColumn; i++) {
        values[i] = indexed._1().get(i);
      }
      values[waveColumn] = indexed._2() / size;
      return RowFactory.create(values);
    });
    return spark.createDataFrame(numbered, schema);
  }

  /** The Spark UI's name of a wave's job; tests that stop a run between waves look for it too. */
  static String description(String runId, long wave, long waves, long pairs) {
    return String.format("Restyle run %s: wave %d of %d (%d pairs in all)", runId, wave + 1, waves, pairs);
  }

  static long count(long pairs, long size) {
    return (pairs + size - 1) / size;
  }
}
