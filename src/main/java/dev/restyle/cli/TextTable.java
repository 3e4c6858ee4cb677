package dev.restyle.cli;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.Row;

/** Query results as an aligned plain-text table, one line per row, values never truncated. */
final class TextTable {

  private TextTable() {}

  static String of(String[] columns, List<Row> rows) {
    List<String[]> cells = new ArrayList<>();
    cells.add(columns);
    for (Row row : rows) {
      String[] line = new String[columns.length];
      for (int i = 0; i < columns.length; i++) {
        line[i] = row.isNullAt(i) ? "NULL" : String.valueOf(row.get(i));
      }
      cells.add(line);
    }
    int[] widths = new int[columns.length];
    for (String[] line : cells) {
      for (int i = 0; i < line.length; i++) {
        widths[i] = Math.max(widths[i], line[i].length());
      }
    }
    StringBuilder out = new StringBuilder();
    for (int r = 0; r < cells.size(); r++) {
      String[] line = cells.get(r);
      for (int i = 0; i < line.length; i++) {
        out.append(i == 0 ? "" : " | ").append(String.format("%-" + Math.max(1, widths[i]) + "s", line[i]));
      }
      out.append('\n');
      if (r == 0) {
        for (int i = 0; i < widths.length; i++) {
          out.append(i == 0 ? "" : "-+-").append("-".repeat(Math.max(1, widths[i])));
        }
        out.append('\n');
      }
    }
    out.append("(").append(rows.size()).append(rows.size() == 1 ? " row)\n" : " rows)\n");
    return out.toString();
  }
}
