package dev.restyle.transfer;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * One style-transfer parameter: its name (a manifest column and a {@code params_json} key), its flag,
 * default, allowed range and meaning. Parsing validates, so a value that parses is a value that works.
 */
public record ParamDef(
    String name, String defaultValue, String allowed, String description, Function<String, Object> parser) {

  public String flag() {
    return "--" + name.replace('_', '-');
  }

  public Object parse(String raw) {
    try {
      return parser.apply(raw.strip());
    } catch (RuntimeException e) {
      throw new InvalidParamException(flag(), raw, allowed);
    }
  }

  static ParamDef integer(String name, long def, long min, long max, String description) {
    return new ParamDef(name, Long.toString(def), min + ".." + max, description, raw -> {
      long value = Long.parseLong(raw);
      require(value >= min && value <= max);
      return value;
    });
  }

  static ParamDef decimal(String name, double def, double min, double max, String description) {
    return new ParamDef(name, format(def), format(min) + ".." + format(max), description, raw -> {
      double value = Double.parseDouble(raw);
      require(value >= min && value <= max);
      return value;
    });
  }

  static ParamDef choice(String name, String def, String description, String... values) {
    List<String> allowed = Arrays.asList(values);
    return new ParamDef(name, def, String.join(" | ", values), description, raw -> {
      String value = raw.toLowerCase(Locale.ROOT);
      require(allowed.contains(value));
      return value;
    });
  }

  /** A comma-separated list, each element checked by {@code element}. */
  static ParamDef list(String name, String def, String allowed, String description, Function<String, Object> element) {
    return new ParamDef(name, def, allowed, description, raw -> {
      List<Object> values = new ArrayList<>();
      for (String part : raw.split(",", -1)) {
        values.add(element.apply(part.strip()));
      }
      require(!values.isEmpty());
      return List.copyOf(values);
    });
  }

  static void require(boolean condition) {
    if (!condition) {
      throw new IllegalArgumentException();
    }
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e6 ? Long.toString((long) value) : Double.toString(value);
  }
}
