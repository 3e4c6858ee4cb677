package dev.restyle.spark;

import dev.restyle.transfer.StyleParamTable;
import dev.restyle.transfer.StyleParams;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * Turns a manifest row (all columns as strings) into a {@link PlannedPair}. A row that cannot run (bad
 * override, unsafe pair_id) is planned as FAILED with the reason, so it becomes one FAILED metrics row
 * and the rest of the run goes on.
 */
public final class PairPlanner implements MapFunction<Row, Row>, Serializable {

  public static final String CONTENT_URI = "content_uri";
  public static final String STYLE_URI = "style_uri";
  public static final String PAIR_ID = "pair_id";

  private static final java.util.regex.Pattern HAS_SCHEME = java.util.regex.Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:");

  private final Map<String, String> jobParams;
  private final String manifestDir;

  /**
   * @param jobParams the job's parameter flags, by name; per-pair overrides win over them
   * @param manifestDir where relative URIs resolve, or null when there is no manifest
   */
  public PairPlanner(Map<String, String> jobParams, String manifestDir) {
    this.jobParams = new LinkedHashMap<>(jobParams);
    this.manifestDir = manifestDir;
  }

  @Override
  public Row call(Row row) {
    return plan(row).toRow();
  }

  public PlannedPair plan(Row row) {
    String content = resolve(row.getAs(CONTENT_URI));
    String style = resolveEach(row.getAs(STYLE_URI));
    String userId = column(row, PAIR_ID);
    Map<String, String> given = new LinkedHashMap<>(jobParams);
    for (String field : row.schema().fieldNames()) {
      String value = row.getAs(field);
      if (StyleParamTable.exists(field) && value != null && !value.isBlank()) {
        given.put(field, value.strip());
      }
    }
    String givenJson = ParamsJson.of(given);
    try {
      if (content == null || content.isBlank() || style == null || style.isBlank()) {
        throw new InvalidPairException("content_uri and style_uri must not be empty");
      }
      StyleParams params = StyleParams.of(given);
      params.checkStyleCount(styleUris(style).size());
      String effective = ParamsJson.effective(params);
      String pairId = userId == null ? PairIds.generated(content, style, effective) : PairIds.checkUserId(userId);
      return new PlannedPair(pairId, content, style, givenJson, effective, ParamsJson.hash(effective), null, null);
    } catch (IllegalArgumentException e) {
      String id = userId != null ? userId : PairIds.generated(String.valueOf(content), String.valueOf(style), givenJson);
      return new PlannedPair(id, content, style, givenJson, givenJson, ParamsJson.hash(givenJson),
          ErrorClass.PARAM_INVALID.name(), e.getMessage());
    }
  }

  /** Several style images are given as one style_uri: URIs separated by ','. */
  public static java.util.List<String> styleUris(String styleUri) {
    return java.util.Arrays.stream(styleUri.split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList();
  }

  private String resolveEach(String uris) {
    if (uris == null || uris.isBlank()) {
      return uris;
    }
    return String.join(",", styleUris(uris).stream().map(this::resolve).toList());
  }

  private String resolve(String uri) {
    if (uri == null || uri.isBlank()) {
      return uri;
    }
    String trimmed = uri.strip();
    if (manifestDir == null || HAS_SCHEME.matcher(trimmed).lookingAt() || trimmed.startsWith("/")) {
      return trimmed;
    }
    return new Path(new Path(manifestDir), trimmed).toString();
  }

  private static String column(Row row, String name) {
    if (!java.util.Arrays.asList(row.schema().fieldNames()).contains(name)) {
      return null;
    }
    String value = row.getAs(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
