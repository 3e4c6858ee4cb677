package dev.restyle.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code restyle demo --help} answers at once: no weights lookup, no download attempt, no Spark. */
class DemoCommandTest {

  @Test
  void helpPrintsTheJobsFlagsWithoutLookingForWeights() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    PrintStream originalOut = System.out;
    PrintStream originalErr = System.err;
    int code;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      code = new DemoCommand().run(new String[] {"--help"});
    } finally {
      System.setOut(originalOut);
      System.setErr(originalErr);
    }

    assertThat(code).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("Usage: restyle run").contains("--weights=URI");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Downloading").doesNotContain("weights");
  }
}
