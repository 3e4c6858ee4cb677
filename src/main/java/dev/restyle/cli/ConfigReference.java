package dev.restyle.cli;

import dev.restyle.params.ParamDef;
import dev.restyle.params.StyleParamTable;

/**
 * The README's configuration reference, generated from {@link StyleParamTable} (`restyle params`), so the
 * documentation cannot drift from the code: a test compares the README with this output.
 */
final class ConfigReference {

  static final String BEGIN = "<!-- BEGIN GENERATED: jobs/restyle params -->";
  static final String END = "<!-- END GENERATED -->";

  static String markdown() {
    StringBuilder out = new StringBuilder();
    out.append(BEGIN).append('\n');
    out.append("| flag | manifest column | default | allowed | meaning |\n");
    out.append("| --- | --- | --- | --- | --- |\n");
    for (ParamDef<?> def : StyleParamTable.ALL) {
      out.append(String.format("| `%s` | `%s` | `%s` | %s | %s |%n", def.flag(), def.name(), def.defaultText(),
          def.allowed().replace("|", "\\|"), def.description().replace("|", "\\|")));
    }
    out.append(END).append('\n');
    return out.toString();
  }

  static int run() {
    System.out.print(markdown());
    return 0;
  }
}
