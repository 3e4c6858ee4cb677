package dev.restyle.cli;

import dev.restyle.params.ParamDef;
import dev.restyle.params.StyleParamTable;
import dev.restyle.params.StyleParams;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The picocli adapter over {@link ParamDef}s: each definition becomes a flag whose help gives its meaning,
 * what is allowed and its default, and its value is read back through the definition, so help and
 * parsing never drift. {@code transfer} and {@code run} (with spark-submit's entry point) share it.
 */
final class ParamOptions {

  private ParamOptions() {}

  static void add(CommandSpec spec, List<? extends ParamDef<?>> defs) {
    for (ParamDef<?> def : defs) {
      OptionSpec.Builder option = OptionSpec.builder(def.flag())
          .paramLabel("<" + def.name() + ">")
          .type(String.class)
          .description(def.description() + " Allowed: " + def.allowed() + ". Default: " + def.defaultText() + ".");
      if (def.isSwitch()) {
        option.arity("0..1").fallbackValue("true"); // --normalize-gradients alone turns it on
      }
      spec.addOption(option.build());
    }
  }

  /** Every style parameter, as a flag. */
  static void addStyleParams(CommandSpec spec) {
    add(spec, StyleParamTable.ALL);
  }

  /**
   * The flag's value, or its default when not given.
   *
   * @throws dev.restyle.params.InvalidParamException naming the flag
   */
  static <T> T value(ParseResult parsed, ParamDef<T> def) {
    return parsed.hasMatchedOption(def.flag()) ? def.parse(parsed.matchedOptionValue(def.flag(), ""))
        : def.defaultValue();
  }

  /**
   * The style parameters given as flags, over the defaults.
   *
   * @throws dev.restyle.params.InvalidParamException naming the flag
   */
  static StyleParams styleParams(ParseResult parsed) {
    Map<String, String> given = new LinkedHashMap<>();
    for (ParamDef<?> def : StyleParamTable.ALL) {
      if (parsed.hasMatchedOption(def.flag())) {
        given.put(def.name(), parsed.matchedOptionValue(def.flag(), ""));
      }
    }
    return StyleParams.of(given);
  }

  /** A plain text option. */
  static OptionSpec text(String flag, String label, String description) {
    return OptionSpec.builder(flag).paramLabel(label).type(String.class).description(description).build();
  }

  /** Repeatable {@code --conf KEY=VALUE}. */
  static OptionSpec conf(String description) {
    return OptionSpec.builder("--conf").paramLabel("KEY=VALUE").type(List.class).auxiliaryTypes(String.class)
        .description(description).build();
  }

  /**
   * The {@code --conf} values by key, in order.
   *
   * @throws IllegalArgumentException naming a value that is not KEY=VALUE
   */
  static Map<String, String> confValues(ParseResult parsed) {
    Map<String, String> conf = new LinkedHashMap<>();
    for (String kv : parsed.matchedOptionValue("--conf", List.<String>of())) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("--conf '" + kv + "' is invalid; allowed: KEY=VALUE");
      }
      conf.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    return conf;
  }
}
