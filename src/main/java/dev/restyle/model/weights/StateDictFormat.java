package dev.restyle.model.weights;

import java.io.IOException;
import java.nio.file.Path;

/** One on-disk representation of a state dict. */
public interface StateDictFormat {

  String name();

  /** Whether a file starting with these bytes (at most 16 of them) is in this format. */
  boolean recognizes(byte[] head);

  StateDict open(Path file) throws IOException;
}
