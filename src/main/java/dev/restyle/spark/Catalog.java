package dev.restyle.spark;

import static org.apache.spark.sql.functions.col;

import dev.restyle.params.StyleParamTable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The pairs to run, as rows of strings: {@code content_uri}, {@code style_uri}, optional {@code pair_id}
 * and optional per-pair parameter overrides. From a manifest (CSV with header, JSON Lines, Parquet) or
 * from two globs. Problems with the whole catalog are reported here, before any work.
 */
public final class Catalog {

  private static final StructType GLOB_SCHEMA = new StructType()
      .add(PairPlanner.CONTENT_URI, DataTypes.StringType)
      .add(PairPlanner.STYLE_URI, DataTypes.StringType);

  private Catalog() {}

  public static Dataset<Row> read(SparkSession spark, Configuration conf, JobConfig.CatalogSource source)
      throws IOException {
    if (source instanceof JobConfig.CatalogSource.Manifest manifest) {
      return manifest(spark, manifest.uri());
    }
    JobConfig.CatalogSource.Globs globs = (JobConfig.CatalogSource.Globs) source;
    return globs(spark, conf, globs.contentGlob(), globs.styleGlob(), globs.pairing());
  }

  /** Where a manifest's relative URIs resolve; null for globs, whose matches are absolute. */
  public static String baseDir(JobConfig.CatalogSource source) {
    return source instanceof JobConfig.CatalogSource.Manifest manifest
        ? new Path(manifest.uri()).getParent().toString() : null;
  }

  /** The catalog as error messages name it. */
  static String describe(JobConfig.CatalogSource source) {
    if (source instanceof JobConfig.CatalogSource.Manifest manifest) {
      return manifest.uri();
    }
    JobConfig.CatalogSource.Globs globs = (JobConfig.CatalogSource.Globs) source;
    return globs.contentGlob() + " × " + globs.styleGlob();
  }

  static Dataset<Row> manifest(SparkSession spark, String uri) {
    Dataset<Row> rows;
    String lower = uri.toLowerCase(Locale.ROOT);
    try {
      if (lower.endsWith(".csv")) {
        rows = spark.read().option("header", "true").option("inferSchema", "false").option("mode", "FAILFAST")
            .csv(uri);
      } else if (lower.endsWith(".json") || lower.endsWith(".jsonl") || lower.endsWith(".ndjson")) {
        rows = spark.read().option("mode", "FAILFAST").json(uri);
      } else if (lower.endsWith(".parquet") || !lower.contains(".")) {
        rows = spark.read().parquet(uri);
      } else {
        throw new JobConfigException("--pairs " + uri + ": use a .csv (with header), .jsonl or .parquet manifest");
      }
    } catch (JobConfigException e) {
      throw e;
    } catch (Exception e) { // Spark's AnalysisException is checked in Scala's eyes only
      throw new JobConfigException("--pairs " + uri + " cannot be read: " + String.valueOf(e.getMessage()).split("\n")[0]);
    }
    checkColumns(rows.schema(), uri);
    // Every cell as a string: overrides are parsed and range-checked by their ParamDef, per pair.
    Column[] asStrings = Arrays.stream(rows.columns()).map(c -> col("`" + c + "`").cast("string").as(c))
        .toArray(Column[]::new);
    return rows.select(asStrings);
  }

  static void checkColumns(StructType schema, String uri) {
    List<String> columns = Arrays.asList(schema.fieldNames());
    for (String required : List.of(PairPlanner.CONTENT_URI, PairPlanner.STYLE_URI)) {
      if (!columns.contains(required)) {
        throw new JobConfigException("--pairs " + uri + " has no column '" + required + "' (columns: "
            + String.join(", ", columns) + ")");
      }
    }
    List<String> unknown = new ArrayList<>();
    for (String column : columns) {
      if (!column.equals(PairPlanner.CONTENT_URI) && !column.equals(PairPlanner.STYLE_URI)
          && !column.equals(PairPlanner.PAIR_ID) && !StyleParamTable.exists(column)) {
        unknown.add(column);
      }
    }
    if (!unknown.isEmpty()) {
      throw new JobConfigException("--pairs " + uri + " has unknown column(s) " + String.join(", ", unknown)
          + "; allowed besides content_uri, style_uri, pair_id: " + String.join(", ",
          new TreeSet<>(StyleParamTable.ALL.stream().map(d -> d.name()).toList())));
    }
  }

  /**
   * Every content × every style ({@code cross}), or the i-th content with the i-th style ({@code zip}). The
   * driver holds the two listings, never their product: {@code cross} is a Spark cross join of the two, so
   * 10,000 contents × 1,000 styles are 11,000 strings on the driver and 10 million rows on the executors.
   */
  static Dataset<Row> globs(SparkSession spark, Configuration conf, String contentGlob, String styleGlob,
      JobConfig.Pairing pairing) throws IOException {
    List<String> contents = expand(conf, contentGlob, "--content");
    List<String> styles = expand(conf, styleGlob, "--style");
    if (pairing == JobConfig.Pairing.ZIP) {
      if (contents.size() != styles.size()) {
        throw new JobConfigException("--mode zip needs as many --content as --style files; got " + contents.size()
            + " and " + styles.size());
      }
      List<Row> pairs = new ArrayList<>();
      for (int i = 0; i < contents.size(); i++) {
        pairs.add(RowFactory.create(contents.get(i), styles.get(i)));
      }
      return spark.createDataFrame(pairs, GLOB_SCHEMA);
    }
    Dataset<Row> contentColumn = listing(spark, contents, PairPlanner.CONTENT_URI);
    Dataset<Row> styleColumn = listing(spark, styles, PairPlanner.STYLE_URI);
    // Spread the contents so the product is made by as many tasks as the cluster runs at once.
    int slices = Math.max(1, Math.min(contents.size(), spark.sparkContext().defaultParallelism()));
    return contentColumn.repartition(slices).crossJoin(styleColumn)
        .select(col(PairPlanner.CONTENT_URI), col(PairPlanner.STYLE_URI));
  }

  private static Dataset<Row> listing(SparkSession spark, List<String> files, String column) {
    List<Row> rows = files.stream().map(RowFactory::create).toList();
    return spark.createDataFrame(rows, new StructType().add(column, DataTypes.StringType));
  }

  private static List<String> expand(Configuration conf, String glob, String flag) throws IOException {
    Path pattern = new Path(glob);
    FileSystem fs = pattern.getFileSystem(conf);
    FileStatus[] matches = fs.globStatus(pattern);
    List<String> files = new ArrayList<>();
    if (matches != null) {
      for (FileStatus match : matches) {
        if (match.isFile()) {
          files.add(match.getPath().toString());
        }
      }
    }
    if (files.isEmpty()) {
      throw new JobConfigException(flag + " " + glob + " matches no file");
    }
    files.sort(String::compareTo);
    return files;
  }
}
