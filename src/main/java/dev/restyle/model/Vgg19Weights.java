package dev.restyle.model;

import ai.djl.Device;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.model.weights.StateDict;
import dev.restyle.model.weights.StateDicts;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where VGG19's weights come from: a local state-dict file (torchvision {@code .pth}, either format, or
 * safetensors), or {@code untrained:seed=N} for seeded random weights.
 */
public final class Vgg19Weights {

  private static final Pattern UNTRAINED = Pattern.compile("untrained(?::seed=(\\d+))?");

  private Vgg19Weights() {}

  public static boolean isUntrained(String spec) {
    return UNTRAINED.matcher(spec).matches();
  }

  public static Vgg19 load(String spec, VggLayer deepest, Pooling pooling, Device device) throws IOException {
    return load(spec, null, deepest, pooling, device);
  }

  /** @param knownIdentity the file's identity when the caller already hashed it, else null */
  public static Vgg19 load(String spec, String knownIdentity, VggLayer deepest, Pooling pooling, Device device)
      throws IOException {
    Matcher untrained = UNTRAINED.matcher(spec);
    if (untrained.matches()) {
      long seed = untrained.group(1) == null ? 0 : Long.parseLong(untrained.group(1));
      return Vgg19Loader.load(SeededVgg19Weights.stateDict(seed, deepest), spec, SeededVgg19Weights.id(seed),
          deepest, pooling, device);
    }
    Path file = Path.of(spec.startsWith("file:") ? java.net.URI.create(spec).getPath() : spec);
    if (!Files.isRegularFile(file)) {
      throw new InvalidWeightsException("weights file " + file + " does not exist",
          new NoSuchFileException(file.toString()));
    }
    try (StateDict stateDict = StateDicts.open(file)) {
      String id = knownIdentity != null ? knownIdentity : identity(file);
      return Vgg19Loader.load(stateDict, file.toString(), id, deepest, pooling, device);
    }
  }

  /**
   * Checks a local weights spec up to {@code deepest} without loading any tensor: a missing or truncated
   * file, another network's state dict or wrong shapes fail here, before any pair runs.
   */
  public static void validate(String spec, VggLayer deepest) throws IOException {
    if (isUntrained(spec)) {
      return;
    }
    Path file = Path.of(spec);
    if (!Files.isRegularFile(file)) {
      throw new InvalidWeightsException("weights file " + file + " does not exist");
    }
    try (StateDict stateDict = StateDicts.open(file)) {
      Vgg19StateDictCheck.validate(stateDict, file.toString(), Vgg19Architecture.upTo(deepest));
    }
  }

  /**
   * {@code sha256:<hex>} of the file's bytes: stable across copies and renames, and for the official
   * checkpoint it starts with the {@code dcbb9e9d} torchvision puts in the file name.
   */
  public static String identity(Path file) throws IOException {
    MessageDigest digest;
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
    byte[] buffer = new byte[1 << 20];
    try (InputStream in = Files.newInputStream(file)) {
      for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
        digest.update(buffer, 0, n);
      }
    }
    return "sha256:" + HexFormat.of().formatHex(digest.digest());
  }
}
