package dev.restyle.spark;

import dev.restyle.storage.InputFile;
import dev.restyle.storage.Storage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The {@code input_versions} of a pair: {@code <length>@<mtime>} of its content, then of each style, joined
 * by {@code ;}. The executor records them from the metadata request it makes anyway before reading; a
 * later run asks for them again (no byte read) to know whether an earlier output is still the result of
 * the same files.
 */
final class InputVersions {

  static final String COLUMN = "input_versions";

  private InputVersions() {}

  /** Null when any input has no version (http), so such a pair is never reused. */
  static String of(InputFile content, List<InputFile> styles) {
    List<String> versions = new ArrayList<>();
    versions.add(content.version());
    styles.forEach(style -> versions.add(style.version()));
    return versions.contains(null) ? null : String.join(";", versions);
  }

  /**
   * Planned pairs with their inputs' current versions appended (null when an input is missing or
   * unreadable: such a pair is run, and fails there with its reason). A style shared by the pairs of a
   * partition is asked about once.
   */
  static final class Lookup implements MapPartitionsFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    static final StructType SCHEMA = PlannedPair.SCHEMA.add(COLUMN, DataTypes.StringType, true);

    private final HadoopConf hadoopConf;
    private final long maxInputBytes;

    Lookup(HadoopConf hadoopConf, long maxInputBytes) {
      this.hadoopConf = hadoopConf;
      this.maxInputBytes = maxInputBytes;
    }

    @Override
    public Iterator<Row> call(Iterator<Row> planned) {
      Storage storage = new Storage(hadoopConf.get());
      Map<String, InputFile> styles = new HashMap<>();
      return new Iterator<>() {
        @Override
        public boolean hasNext() {
          return planned.hasNext();
        }

        @Override
        public Row next() {
          PlannedPair pair = PlannedPair.fromRow(planned.next());
          String versions;
          try {
            List<InputFile> styleFiles = new ArrayList<>();
            for (String uri : PairPlanner.styleUris(pair.styleUri())) {
              InputFile style = styles.get(uri);
              if (style == null) {
                style = storage.input(uri, maxInputBytes);
                styles.put(uri, style);
              }
              styleFiles.add(style);
            }
            versions = of(storage.input(pair.contentUri(), maxInputBytes), styleFiles);
          } catch (IOException | RuntimeException e) {
            versions = null;
          }
          Object[] cells = new Object[SCHEMA.size()];
          Row row = pair.toRow();
          for (int i = 0; i < row.size(); i++) {
            cells[i] = row.get(i);
          }
          cells[row.size()] = versions;
          return RowFactory.create(cells);
        }
      };
    }
  }
}
