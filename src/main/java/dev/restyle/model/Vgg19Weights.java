package dev.restyle.model;

import ai.djl.Device;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.model.weights.StateDict;
import dev.restyle.model.weights.StateDicts;
import dev.restyle.support.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Loads and checks VGG19 weights from a local {@link WeightsSource}: a state-dict file (torchvision
 * {@code .pth}, either format, or safetensors) or seeded random weights. A {@link WeightsSource.Remote}
 * is copied to local disk by the caller first.
 */
public final class Vgg19Weights {

  private Vgg19Weights() {}

  public static Vgg19 load(WeightsSource source, VggLayer deepest, Pooling pooling, Device device)
      throws IOException {
    return load(source, null, deepest, pooling, device);
  }

  /** @param knownIdentity the file's identity when the caller already hashed it, else null */
  public static Vgg19 load(WeightsSource source, String knownIdentity, VggLayer deepest, Pooling pooling,
      Device device) throws IOException {
    if (source instanceof WeightsSource.Untrained untrained) {
      return Vgg19Loader.load(SeededVgg19Weights.stateDict(untrained.seed(), deepest), untrained.spec(),
          SeededVgg19Weights.id(untrained.seed()), deepest, pooling, device);
    }
    Path file = existing(local(source), true);
    try (StateDict stateDict = StateDicts.open(file)) {
      String id = knownIdentity != null ? knownIdentity : identity(file);
      return Vgg19Loader.load(stateDict, file.toString(), id, deepest, pooling, device);
    }
  }

  /**
   * Checks local weights up to {@code deepest} without loading any tensor: a missing or truncated file,
   * another network's state dict or wrong shapes fail here, before any pair runs.
   */
  public static void validate(WeightsSource source, VggLayer deepest) throws IOException {
    validate(source, deepest, Preprocessing.TORCHVISION, null);
  }

  /**
   * {@link #validate(WeightsSource, VggLayer)}, and for Caffe's preprocessing ({@code auto} resolved by
   * {@code identity}) the Caffe VGG19's whole key layout too.
   */
  public static void validate(WeightsSource source, VggLayer deepest, Preprocessing preprocessing, String identity)
      throws IOException {
    if (source instanceof WeightsSource.Untrained) {
      return;
    }
    Path file = existing(local(source), false);
    try (StateDict stateDict = StateDicts.open(file)) {
      if (preprocessing.resolve(identity) == Preprocessing.CAFFE) {
        CaffeVgg19Layout.check(stateDict.tensors().keySet(), file.toString());
      }
      Vgg19StateDictCheck.validate(stateDict, file.toString(), Vgg19Architecture.upTo(deepest));
    }
  }

  /**
   * {@code sha256:<hex>} of the file's bytes: stable across copies and renames, and for the official
   * checkpoint it starts with the {@code dcbb9e9d} torchvision puts in the file name.
   */
  public static String identity(Path file) throws IOException {
    return "sha256:" + Digests.sha256(file);
  }

  private static Path existing(Path file, boolean withCause) {
    if (!Files.isRegularFile(file)) {
      String message = "weights file " + file + " does not exist";
      throw withCause ? new InvalidWeightsException(message, new NoSuchFileException(file.toString()))
          : new InvalidWeightsException(message);
    }
    return file;
  }

  private static Path local(WeightsSource source) {
    if (source instanceof WeightsSource.LocalFile local) {
      return local.file();
    }
    throw new IllegalArgumentException(source.spec() + " is not on local disk; copy it there first");
  }
}
