package dev.restyle.spark;

import dev.restyle.params.ParamsJson;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import dev.restyle.storage.InputNotAllowedException;
import dev.restyle.storage.InputPolicy;
import dev.restyle.support.ErrorClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Row;

/**
 * Turns a manifest row (all columns as strings) into a {@link PlannedPair}. A row that cannot run (bad
 * override, unsafe pair_id, an input the run may not read) is planned as FAILED with the reason, so it
 * becomes one FAILED metrics row and the rest of the run goes on; nothing of a refused input is fetched.
 */
public final class PairPlanner implements MapFunction<Row, Row>, Serializable {

  public static final String CONTENT_URI = "content_uri";
  public static final String STYLE_URI = "style_uri";
  public static final String PAIR_ID = "pair_id";

  private static final Pattern HAS_SCHEME = Pattern.compile("[a-zA-Z][a-zA-Z0-9+.-]*:");

  private final StyleParams jobParams;
  private final String manifestDir;
  private final InputPolicy inputs;
  private final PairMemoryBudget memory;
  private final String weightsId;
  /**
   * The merged parameters of each distinct (overrides, number of styles) this task has planned. A catalog
   * of millions has few distinct override sets, and the merge, its checks, the canonical JSON, its hash
   * and the memory estimate are most of a row's planning cost.
   */
  private transient Map<Resolution.Key, Resolution> resolved;

  /** What a row's overrides resolve to: the effective parameters, or why they are invalid. */
  private record Resolution(String effectiveJson, String hash, String tooBig, List<String> masks, String initUri,
      IllegalArgumentException invalid) {
    record Key(Map<String, String> overrides, int styles) {}
  }

  private static final int MAX_RESOLVED = 4096;

  /** For weights that are not the Caffe VGG19 (preprocessing auto is torchvision). */
  public PairPlanner(StyleParams jobParams, String manifestDir, InputPolicy inputs, PairMemoryBudget memory) {
    this(jobParams, manifestDir, inputs, memory, null);
  }

  /**
   * @param jobParams the job's parameters; a row's override columns win over them
   * @param manifestDir where relative URIs resolve, or null when there is no manifest
   * @param inputs what the pairs may read: the content, every style of a blend and every style mask
   * @param memory what one pair may need
   * @param weightsId the weights' identity, which resolves preprocessing auto
   */
  public PairPlanner(StyleParams jobParams, String manifestDir, InputPolicy inputs, PairMemoryBudget memory,
      String weightsId) {
    this.memory = memory;
    this.jobParams = jobParams;
    this.manifestDir = manifestDir;
    this.inputs = inputs;
    this.weightsId = weightsId;
  }

  @Override
  public Row call(Row row) {
    return plan(row).toRow();
  }

  public PlannedPair plan(Row row) {
    String content = resolve(row.getAs(CONTENT_URI));
    String style = resolveEach(row.getAs(STYLE_URI));
    String userId = column(row, PAIR_ID);
    Map<String, String> overrides = overrides(row);
    // Mask URIs are inputs like style_uri's, so a relative one resolves against the manifest's folder too.
    overrides.computeIfPresent(StyleParamTable.STYLE_MASK_URI.name(),
        (name, masks) -> masks.equalsIgnoreCase("none") ? masks : resolveEach(masks));
    overrides.computeIfPresent(StyleParamTable.INIT_URI.name(), (name, uri) -> resolve(uri));
    try {
      if (content == null || content.isBlank() || style == null || style.isBlank()) {
        throw new InvalidPairException("content_uri and style_uri must not be empty");
      }
      Resolution params = resolve(overrides, styleUris(style).size());
      if (params.invalid() != null) {
        throw params.invalid();
      }
      List<String> masks = params.masks();
      String effective = params.effectiveJson();
      String pairId = userId == null ? PairIds.generated(content, style, effective) : PairIds.checkUserId(userId);
      // The same id and parameters as if it were allowed, so a rerun with the prefix allowed is that pair.
      String refused = refusal(content, style, masks, params.initUri());
      if (refused != null) {
        return new PlannedPair(pairId, content, style, effective, params.hash(), ErrorClass.INPUT_NOT_ALLOWED,
            refused);
      }
      return new PlannedPair(pairId, content, style, effective, params.hash(),
          params.tooBig() == null ? null : ErrorClass.RESOURCE_LIMIT, params.tooBig());
    } catch (IllegalArgumentException e) {
      // What was asked for (the job's flags, then the row's overrides) as text: it may not parse.
      Map<String, String> asked = new LinkedHashMap<>(jobParams.given());
      asked.putAll(overrides);
      String askedJson = ParamsJson.canonical(asked);
      String id = userId != null ? userId : PairIds.generated(String.valueOf(content), String.valueOf(style), askedJson);
      return new PlannedPair(id, content, style, askedJson, ParamsJson.hash(askedJson), ErrorClass.PARAM_INVALID,
          e.getMessage());
    }
  }

  private Resolution resolve(Map<String, String> overrides, int styles) {
    if (resolved == null || resolved.size() >= MAX_RESOLVED) {
      resolved = new java.util.HashMap<>();
    }
    return resolved.computeIfAbsent(new Resolution.Key(overrides, styles), key -> {
      try {
        StyleParams params = jobParams.with(key.overrides()).forWeights(weightsId);
        params.styleBlendWeights(key.styles()); // checks the blend against the number of styles
        List<String> masks = params.styleMaskUris(key.styles()); // one mask per style, or none
        String effective = params.effectiveJson();
        return new Resolution(effective, ParamsJson.hash(effective), memory.refusal(params), masks,
            params.initUri(), null);
      } catch (IllegalArgumentException e) {
        return new Resolution(null, null, null, null, null, e);
      }
    });
  }

  /** The first input the run may not read, as the message of its FAILED row; null when all may be read. */
  private String refusal(String content, String style, List<String> masks, String initUri) {
    List<String> uris = new ArrayList<>();
    uris.add(content);
    uris.addAll(styleUris(style));
    uris.addAll(masks);
    if (!initUri.isEmpty()) {
      uris.add(initUri);
    }
    try {
      for (String uri : uris) {
        inputs.require(uri);
      }
      return null;
    } catch (InputNotAllowedException e) {
      return e.getMessage();
    }
  }

  /** Several style images are given as one style_uri: URIs separated by ','. */
  public static List<String> styleUris(String styleUri) {
    return Arrays.stream(styleUri.split(",")).map(String::strip).filter(u -> !u.isEmpty()).toList();
  }

  /** The row's non-empty parameter columns. */
  private static Map<String, String> overrides(Row row) {
    Map<String, String> overrides = new LinkedHashMap<>();
    for (String field : row.schema().fieldNames()) {
      String value = row.getAs(field);
      if (StyleParamTable.exists(field) && value != null && !value.isBlank()) {
        overrides.put(field, value.strip());
      }
    }
    return overrides;
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
    if (!Arrays.asList(row.schema().fieldNames()).contains(name)) {
      return null;
    }
    String value = row.getAs(name);
    return value == null || value.isBlank() ? null : value.strip();
  }
}
