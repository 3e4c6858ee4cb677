package dev.restyle.cli;

import dev.restyle.transfer.ParamDef;
import dev.restyle.transfer.StyleParamTable;
import dev.restyle.transfer.StyleParams;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/** The StyleParams flags, generated from {@link StyleParamTable} so help and parsing never drift. */
final class StyleParamOptions {

  private StyleParamOptions() {}

  static void addTo(CommandSpec spec) {
    for (ParamDef def : StyleParamTable.ALL) {
      spec.addOption(OptionSpec.builder(def.flag())
          .paramLabel("<" + def.name() + ">")
          .type(String.class)
          .description(def.description() + " Allowed: " + def.allowed() + ". Default: " + def.defaultValue() + ".")
          .build());
    }
  }

  /** @throws dev.restyle.transfer.InvalidParamException naming the flag, value and range */
  static StyleParams from(ParseResult parsed) {
    Map<String, String> given = new LinkedHashMap<>();
    for (ParamDef def : StyleParamTable.ALL) {
      if (parsed.hasMatchedOption(def.flag())) {
        given.put(def.name(), parsed.matchedOptionValue(def.flag(), ""));
      }
    }
    return StyleParams.of(given);
  }
}
