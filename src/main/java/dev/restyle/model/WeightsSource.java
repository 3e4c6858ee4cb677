package dev.restyle.model;

import dev.restyle.model.weights.InvalidWeightsException;
import java.io.Serializable;
import java.net.URI;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where VGG19's weights come from, parsed once from {@code --weights}: seeded random weights, a file on
 * local disk, or a file on another file system ({@code s3a://}, {@code hdfs://}, …) that has to be copied
 * to local disk first, because the readers need random access.
 */
public sealed interface WeightsSource extends Serializable {

  /** The spec as a user would write it: {@code untrained:seed=N}, a path, or a URI. */
  String spec();

  /**
   * Seeded random weights, initialized as torchvision does: they make every test and smoke run possible
   * without the 548 MB download, but they are no ImageNet weights.
   */
  record Untrained(long seed) implements WeightsSource {

    @Override
    public String spec() {
      return "untrained:seed=" + seed;
    }

    /** The one warning a run with random weights prints. */
    public String warning() {
      return "WARNING: " + spec() + " are random weights, not ImageNet's: results are a smoke test, not art "
          + "(README, 'VGG19 weights').";
    }
  }

  /** A state-dict file on local disk (kept as text: a task closure carries it, and a Path is not serializable). */
  record LocalFile(String path) implements WeightsSource {

    public LocalFile(Path file) {
      this(file.toString());
    }

    public Path file() {
      return Path.of(path);
    }

    @Override
    public String spec() {
      return path;
    }
  }

  /** A state-dict file on any Hadoop file system, by URI. */
  record Remote(String uri) implements WeightsSource {

    @Override
    public String spec() {
      return uri;
    }
  }

  /**
   * @throws InvalidWeightsException for an {@code untrained:…} spec that is not {@code untrained:seed=N}
   *     (a file named {@code untrained_vgg19.pth} is a file)
   */
  static WeightsSource parse(String spec) {
    String trimmed = spec.strip();
    Matcher untrained = Specs.UNTRAINED.matcher(trimmed);
    if (untrained.matches()) {
      try {
        return new Untrained(untrained.group(1) == null ? 0 : Long.parseLong(untrained.group(1)));
      } catch (NumberFormatException e) {
        // over Long.MAX_VALUE: refused below like any other malformed seed
      }
    }
    if (trimmed.startsWith("untrained:")) {
      throw new InvalidWeightsException("--weights '" + trimmed + "' is invalid; allowed: untrained:seed=N, a file "
          + "or a URI");
    }
    URI uri;
    try {
      uri = URI.create(trimmed.replace(" ", "%20"));
    } catch (IllegalArgumentException e) {
      return new LocalFile(Path.of(trimmed)); // not a URI at all: a path with odd characters
    }
    if (uri.getScheme() == null) {
      return new LocalFile(Path.of(trimmed));
    }
    if (uri.getScheme().equals("file")) {
      return new LocalFile(Path.of(uri.getPath()));
    }
    return new Remote(trimmed);
  }

  /** Holder: an interface's fields are public, and this one is no API. */
  final class Specs {
    private static final Pattern UNTRAINED = Pattern.compile("untrained(?::seed=(\\d+))?");

    private Specs() {}
  }
}
