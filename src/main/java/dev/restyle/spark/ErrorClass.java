package dev.restyle.spark;

import dev.restyle.image.ImageException;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.transfer.InvalidParamException;
import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;

/** Why a pair FAILED, in the metrics' {@code error_class} column. README "Error classes" says what to do. */
public enum ErrorClass {
  /** The content or style URI does not exist or cannot be read. */
  INPUT_NOT_FOUND,
  /** The bytes are not an image Restyle can decode (truncated, corrupt, not an image). */
  INPUT_UNDECODABLE,
  /** The header declares more pixels than --max-input-pixels. */
  INPUT_TOO_LARGE,
  /** The image is smaller than the minimum side. */
  INPUT_TOO_SMALL,
  /** A per-pair parameter override or pair_id is invalid. */
  PARAM_INVALID,
  /** The weights could not be used. */
  WEIGHTS_INVALID,
  /** The device or the JVM ran out of memory for this pair; try a smaller size or fewer tasks per executor. */
  OUT_OF_MEMORY,
  /** Writing the output failed. */
  OUTPUT_FAILED,
  /** Anything else: a bug or an environment problem; the message and executor log say more. */
  INTERNAL;

  public static ErrorClass of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof ImageException) {
        switch (((ImageException) t).reason()) {
          case TOO_LARGE:
            return INPUT_TOO_LARGE;
          case TOO_SMALL:
            return INPUT_TOO_SMALL;
          default:
            return INPUT_UNDECODABLE;
        }
      }
      if (t instanceof FileNotFoundException || t instanceof NoSuchFileException) {
        return INPUT_NOT_FOUND;
      }
      if (t instanceof InvalidParamException || t instanceof InvalidPairException) {
        return PARAM_INVALID;
      }
      if (t instanceof InvalidWeightsException) {
        return WEIGHTS_INVALID;
      }
      if (t instanceof OutOfMemoryError || isNativeOutOfMemory(t)) {
        return OUT_OF_MEMORY;
      }
      if (t instanceof OutputWriteException) {
        return OUTPUT_FAILED;
      }
    }
    return INTERNAL;
  }

  private static boolean isNativeOutOfMemory(Throwable t) {
    String message = String.valueOf(t.getMessage());
    return message.contains("out of memory") || message.contains("DefaultCPUAllocator: can't allocate");
  }
}
