package dev.restyle.spark;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.reflect.TypeToken;
import dev.restyle.transfer.Digests;
import dev.restyle.transfer.StyleParams;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;

/** Canonical JSON of parameters: sorted keys, so equal parameters always give equal text and hash. */
public final class ParamsJson {

  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private ParamsJson() {}

  public static String effective(StyleParams params) {
    return GSON.toJson(new TreeMap<>(params.effective()));
  }

  public static String of(Map<String, String> values) {
    return GSON.toJson(new TreeMap<>(values));
  }

  public static Map<String, String> parse(String json) {
    return GSON.fromJson(json, new TypeToken<Map<String, String>>() {}.getType());
  }

  public static String hash(String json) {
    return Digests.sha256(json.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
  }
}
