package dev.restyle.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The PyTorch-generated fixtures (src/test/fixtures/make_parity_fixtures.py, run by Maven before the
 * tests). Where they could not be generated, tests that need them are skipped with the recorded reason.
 */
public final class Fixtures {

  private Fixtures() {}

  public static Path dir() {
    return Path.of(System.getProperty("restyle.fixtures", "target/fixtures"));
  }

  /** The fixture file, or a skipped test that says why it is missing. */
  public static Path require(String name) {
    Path unavailable = dir().resolve("UNAVAILABLE");
    if (Files.exists(unavailable)) {
      assumeTrue(false, "PyTorch fixtures unavailable: " + readQuietly(unavailable));
    }
    Path file = dir().resolve(name);
    assumeTrue(Files.exists(file), "PyTorch fixture missing: " + file + " (run mvn generate-test-resources)");
    return file;
  }

  /** A photo made by make_photo_fixtures.py (Pillow), or a skipped test that says why it is missing. */
  public static Path photo(String name) {
    Path file = dir().resolve("photos").resolve(name);
    assumeTrue(Files.exists(file), "photo fixture missing: " + file + " (Pillow, python3-pil, makes it in "
        + "mvn generate-test-resources)");
    return file;
  }

  private static String readQuietly(Path file) {
    try {
      return Files.readString(file).strip();
    } catch (IOException e) {
      return e.toString();
    }
  }
}
