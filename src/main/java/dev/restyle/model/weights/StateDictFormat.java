package dev.restyle.model.weights;

import java.io.IOException;
import java.nio.file.Path;

/** One on-disk representation of a state dict. */
public interface StateDictFormat {

  String name();

  /** Whether a file starting with these bytes (at most 16 of them) is in this format. */
  boolean recognizes(byte[] head);

  /**
   * Opens the file and indexes its tensors, reading headers only; tensor bytes are read on demand.
   *
   * @throws InvalidWeightsException if the file is not in this format, is truncated or corrupt, or
   *     does not hold a dict of tensors; the message names the file
   * @throws IOException if the file cannot be read
   */
  StateDict open(Path file) throws IOException;
}
