package dev.restyle.params;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.restyle.support.Digests;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The JSON form of parameters: sorted keys, so equal parameters always give equal text and an equal hash.
 * Values are JSON numbers, strings and arrays; read back, each becomes the text its parameter parses.
 */
public final class ParamsJson {

  private static final Gson GSON = new GsonBuilder().serializeSpecialFloatingPointValues().create();

  private ParamsJson() {}

  /** Sorted-key JSON of values by name. */
  public static String canonical(Map<String, ?> values) {
    return GSON.toJson(new TreeMap<>(values));
  }

  /** 16 hex digits of the JSON's SHA-256: the {@code params_hash} column. */
  public static String hash(String json) {
    return Digests.shortSha256(json);
  }

  /** Each value of a JSON object as the text its parameter parses: arrays comma-joined, [] as none. */
  static Map<String, String> texts(String json) {
    JsonObject object = JsonParser.parseString(json).getAsJsonObject();
    Map<String, String> texts = new LinkedHashMap<>();
    for (Map.Entry<String, JsonElement> entry : object.entrySet()) {
      texts.put(entry.getKey(), text(entry.getValue()));
    }
    return texts;
  }

  private static String text(JsonElement value) {
    if (!value.isJsonArray()) {
      return value.getAsString();
    }
    JsonArray array = value.getAsJsonArray();
    if (array.isEmpty()) {
      return "none";
    }
    List<String> parts = new ArrayList<>();
    array.forEach(element -> parts.add(element.getAsString()));
    return String.join(",", parts);
  }
}
