package dev.restyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ConfigReferenceTest {

  @Test
  void readmeCarriesTheReferenceGeneratedFromTheParameterTable() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    String generated = ConfigReference.markdown();
    assertThat(readme).as("README.md is stale: paste the output of `jobs/restyle params`").contains(generated);
    assertThat(generated).contains("| `--style-weight` | `style_weight` | `1000000.0` |");
  }
}
