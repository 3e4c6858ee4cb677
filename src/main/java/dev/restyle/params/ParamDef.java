package dev.restyle.params;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One style-transfer parameter of type {@code T}: its name (a manifest column and a {@code params_json} key),
 * its flag, default, what is allowed and what it means. Parsing validates, so a value that parses is a
 * value that works; {@link #text} writes a value back in the form {@link #parse} reads.
 *
 * <p>For numbers and choices the "allowed" text is made by the same factory that makes the check, from the
 * same bounds, so help, error messages and the README cannot disagree with what is accepted; a list's
 * text is written beside its element check.
 */
public final class ParamDef<T> {

  private final String name;
  private final T defaultValue;
  private final String allowed;
  private final String description;
  private final Function<String, T> parser;
  private final Function<T, String> printer;
  private final Function<T, Object> json;
  private final boolean recordedAtDefault;
  /** What a params_json without this parameter means; the default unless {@link #leftOutOfJsonAt} says. */
  private final T absentFromJson;
  private final String flag;

  private ParamDef(String name, T defaultValue, String allowed, String description, Function<String, T> parser,
      Function<T, String> printer, Function<T, Object> json) {
    this(name, defaultValue, allowed, description, parser, printer, json, true, defaultValue,
        "--" + name.replace('_', '-'));
  }

  private ParamDef(String name, T defaultValue, String allowed, String description, Function<String, T> parser,
      Function<T, String> printer, Function<T, Object> json, boolean recordedAtDefault, T absentFromJson,
      String flag) {
    this.flag = flag;
    this.name = name;
    this.defaultValue = defaultValue;
    this.allowed = allowed;
    this.description = description;
    this.parser = parser;
    this.printer = printer;
    this.json = json;
    this.recordedAtDefault = recordedAtDefault;
    this.absentFromJson = absentFromJson;
  }

  /**
   * This parameter, left out of {@code params_json} while it has its default: for a parameter added after
   * {@code params_hash} values were first written, so the parameters earlier versions recorded keep their
   * JSON, their hash and their generated pair ids. Its default must then never change, because the JSON
   * no longer says it.
   */
  public ParamDef<T> leftOutOfJsonAtDefault() {
    return leftOutOfJsonAt(defaultValue);
  }

  /**
   * As {@link #leftOutOfJsonAtDefault()}, for a parameter whose default ({@code auto}) is resolved before it is
   * recorded: left out of {@code params_json} when its value is {@code equivalent} (what every earlier version
   * did) or the default, and a JSON without it reads back as {@code equivalent}.
   */
  public ParamDef<T> leftOutOfJsonAt(T equivalent) {
    return new ParamDef<>(name, defaultValue, allowed, description, parser, printer, json, false, equivalent, flag);
  }

  /**
   * This parameter with a flag that is not its name's: for a manifest column that names what it holds
   * ({@code style_mask_uri}) where the flag reads better short ({@code --style-mask}).
   */
  public ParamDef<T> withFlag(String flag) {
    if (!flag.startsWith("--")) {
      throw new IllegalArgumentException("a flag starts with --: " + flag);
    }
    return new ParamDef<>(name, defaultValue, allowed, description, parser, printer, json, recordedAtDefault,
        absentFromJson, flag);
  }

  /** Whether {@code params_json} holds this parameter when it has its default value. */
  public boolean recordedAtDefault() {
    return recordedAtDefault;
  }

  /** Whether {@code params_json} leaves this value out. */
  public boolean leftOutOfJson(T value) {
    return !recordedAtDefault && (value.equals(defaultValue) || value.equals(absentFromJson));
  }

  /** The value a {@code params_json} without this parameter stands for. */
  public T absentFromJson() {
    return absentFromJson;
  }

  public String name() {
    return name;
  }

  public String flag() {
    return flag;
  }

  public T defaultValue() {
    return defaultValue;
  }

  /** The default as a user would type it. */
  public String defaultText() {
    return text(defaultValue);
  }

  public String allowed() {
    return allowed;
  }

  public String description() {
    return description;
  }

  /** @throws InvalidParamException naming the flag, the value and what is allowed */
  public T parse(String raw) {
    try {
      return Objects.requireNonNull(parser.apply(raw.strip()));
    } catch (RuntimeException e) {
      throw new InvalidParamException(flag(), raw, allowed);
    }
  }

  /** The value as text that {@link #parse} reads back to an equal value. */
  public String text(T value) {
    return printer.apply(value);
  }

  /** The value as {@code params_json} records it: a number, a string or a list of them. */
  public Object jsonValue(T value) {
    return json.apply(value);
  }

  public static ParamDef<Integer> integer(String name, int def, int min, int max, String description) {
    return new ParamDef<>(name, def, min + ".." + max, description, raw -> {
      int value = Integer.parseInt(raw);
      require(value >= min && value <= max);
      return value;
    }, String::valueOf, value -> value);
  }

  public static ParamDef<Long> longInteger(String name, long def, long min, long max, String description) {
    return new ParamDef<>(name, def, min + ".." + max, description, raw -> {
      long value = Long.parseLong(raw);
      require(value >= min && value <= max);
      return value;
    }, String::valueOf, value -> value);
  }

  /**
   * A count or size as people write them on a command line: {@code 100000000}, {@code 1e8} or
   * {@code 2.5e8}; a fraction is cut off, as the job has always done.
   */
  public static ParamDef<Long> count(String name, long def, long min, long max, String description) {
    return new ParamDef<>(name, def, min + ".." + max, description, raw -> {
      double value = Double.parseDouble(raw);
      require(value >= min && value <= max);
      return (long) value;
    }, String::valueOf, value -> value);
  }

  public static ParamDef<Double> decimal(String name, double def, double min, double max, String description) {
    return new ParamDef<>(name, def, format(min) + ".." + format(max), description, raw -> {
      double value = Double.parseDouble(raw);
      require(value >= min && value <= max);
      return value;
    }, ParamDef::format, value -> value);
  }

  /** An integer that is 0 (off) or in min..max. */
  public static ParamDef<Integer> offOrInteger(String name, int min, int max, String description) {
    return new ParamDef<>(name, 0, "0 (off), or " + min + ".." + max, description, raw -> {
      int value = Integer.parseInt(raw);
      require(value == 0 || (value >= min && value <= max));
      return value;
    }, String::valueOf, value -> value);
  }

  /**
   * {@code true} or {@code false}, in any case. As a flag it is a switch: given alone it means true
   * ({@code --normalize-gradients}); a value ({@code false}) may follow it, as in a manifest cell.
   */
  public static ParamDef<Boolean> bool(String name, boolean def, String description) {
    return new ParamDef<>(name, def, "true | false", description, raw -> {
      String given = raw.toLowerCase(Locale.ROOT);
      require(given.equals("true") || given.equals("false"));
      return Boolean.valueOf(given);
    }, String::valueOf, value -> value);
  }

  /** Whether the flag is a switch, which may be given without a value (see {@link #bool}). */
  public boolean isSwitch() {
    return defaultValue instanceof Boolean;
  }

  /** One of an enum's constants, by its lower-case name; case does not matter in what users write. */
  public static <E extends Enum<E>> ParamDef<E> choice(String name, E def, String description) {
    return choice(name, def, c -> c.name().toLowerCase(Locale.ROOT), description);
  }

  /** One of an enum's constants, by the id {@code id} gives it (e.g. {@code jpg} for JPEG). */
  public static <E extends Enum<E>> ParamDef<E> choice(String name, E def, Function<E, String> id, String description) {
    List<E> constants = Arrays.asList(def.getDeclaringClass().getEnumConstants());
    String allowed = String.join(" | ", constants.stream().map(id).toList());
    return new ParamDef<>(name, def, allowed, description, raw -> {
      String given = raw.toLowerCase(Locale.ROOT);
      return constants.stream().filter(c -> id.apply(c).equals(given)).findFirst().orElseThrow();
    }, id, id::apply);
  }

  /** One of a fixed list of names (VGG19's layers), as given. */
  public static ParamDef<String> oneOf(String name, String def, List<String> names, String description) {
    return new ParamDef<>(name, def, String.join(" | ", names), description, raw -> {
      String value = raw.toLowerCase(Locale.ROOT);
      require(names.contains(value));
      return value;
    }, value -> value, value -> value);
  }

  /**
   * A non-empty comma-separated list, each element checked by {@code element}.
   *
   * @param allowed what the whole list may be, in words
   */
  public static <E> ParamDef<List<E>> list(String name, List<E> def, String allowed, String description,
      Element<E> element) {
    return new ParamDef<>(name, List.copyOf(def), allowed, description, raw -> {
      List<E> values = new ArrayList<>();
      for (String part : raw.split(",", -1)) {
        values.add(element.parse(part.strip()));
      }
      require(element.accepts(values));
      return List.copyOf(values);
    }, values -> String.join(",", values.stream().map(element::text).toList()), values -> values);
  }

  /** A list that may also be {@code none}: empty. */
  public static <E> ParamDef<List<E>> optionalList(String name, String allowed, String description, Element<E> element) {
    ParamDef<List<E>> list = list(name, List.of(), allowed, description, element);
    return new ParamDef<>(name, List.of(), "none, or " + allowed, description,
        raw -> raw.equalsIgnoreCase("none") ? List.of() : list.parser.apply(raw),
        values -> values.isEmpty() ? "none" : list.text(values), values -> values);
  }

  /**
   * The URI of an input, as given (case and spaces kept), or {@code none}: the empty string. Which URIs may
   * be read is the run's input rules' business, not the parameter's.
   */
  public static ParamDef<String> optionalUri(String name, String description) {
    return new ParamDef<>(name, "", "none, or the URI of a picture (a local path, file:, s3a://, …)", description,
        raw -> raw.equalsIgnoreCase("none") ? "" : raw, value -> value.isEmpty() ? "none" : value, value -> value);
  }

  /** A number {@code > 0}, or {@code auto} (empty), which the reader resolves. */
  public static ParamDef<java.util.OptionalDouble> autoOrPositive(String name, String description) {
    return new ParamDef<>(name, java.util.OptionalDouble.empty(), "auto, or a number > 0", description, raw -> {
      if (raw.equalsIgnoreCase("auto")) {
        return java.util.OptionalDouble.empty();
      }
      double value = Double.parseDouble(raw);
      require(value > 0 && Double.isFinite(value));
      return java.util.OptionalDouble.of(value);
    }, value -> value.isPresent() ? format(value.getAsDouble()) : "auto",
        value -> value.isPresent() ? (Object) value.getAsDouble() : "auto");
  }

  /** How the elements of a list parameter are read, written and checked together. */
  public interface Element<E> {
    E parse(String raw);

    String text(E value);

    /** Checks that concern the whole list, such as an order. */
    default boolean accepts(List<E> values) {
      return true;
    }

    static Element<Double> decimal(Predicate<Double> valid) {
      return new Element<>() {
        @Override
        public Double parse(String raw) {
          double value = Double.parseDouble(raw);
          require(Double.isFinite(value) && valid.test(value));
          return value;
        }

        @Override
        public String text(Double value) {
          return format(value);
        }
      };
    }

    static Element<String> oneOf(List<String> names) {
      return new Element<>() {
        @Override
        public String parse(String raw) {
          String value = raw.toLowerCase(Locale.ROOT);
          require(names.contains(value));
          return value;
        }

        @Override
        public String text(String value) {
          return value;
        }
      };
    }

    /** A URI or path as Hadoop reads it: not empty, no control characters (a ',' separates list elements). */
    static Element<String> uri() {
      return new Element<>() {
        @Override
        public String parse(String raw) {
          require(!raw.isEmpty() && raw.chars().noneMatch(Character::isISOControl));
          return raw;
        }

        @Override
        public String text(String value) {
          return value;
        }
      };
    }

    static Element<Integer> increasingIntegers(int min, int max) {
      return new Element<>() {
        @Override
        public Integer parse(String raw) {
          int value = Integer.parseInt(raw);
          require(value >= min && value <= max);
          return value;
        }

        @Override
        public String text(Integer value) {
          return String.valueOf(value);
        }

        @Override
        public boolean accepts(List<Integer> values) {
          for (int i = 1; i < values.size(); i++) {
            if (values.get(i) <= values.get(i - 1)) {
              return false;
            }
          }
          return true;
        }
      };
    }
  }

  static void require(boolean condition) {
    if (!condition) {
      throw new IllegalArgumentException();
    }
  }

  static String format(double value) {
    return value == Math.rint(value) && Math.abs(value) < 1e6 ? Long.toString((long) value) : Double.toString(value);
  }

  @Override
  public String toString() {
    return flag();
  }
}
