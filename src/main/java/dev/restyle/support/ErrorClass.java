package dev.restyle.support;

import java.io.FileNotFoundException;
import java.nio.file.NoSuchFileException;

/**
 * Why a pair FAILED, as the metrics' {@code error_class} column records it; README "Error classes" says
 * what to do about each. The errors that Restyle throws carry their class ({@link Classified}), so it is
 * decided where the problem is known, not guessed later from a message.
 */
public enum ErrorClass {
  /** The content or style URI does not exist or cannot be read. */
  INPUT_NOT_FOUND,
  /**
   * The content or style URI is outside what the run may read (a scheme that is not storage, a file: path
   * on a cluster, a cloud-metadata address, no --allow-input-prefix over it); nothing was fetched.
   */
  INPUT_NOT_ALLOWED,
  /** The bytes are not an image Restyle can decode (truncated, corrupt, not an image). */
  INPUT_UNDECODABLE,
  /** A real image format Restyle does not read, such as HEIC or AVIF from a phone; convert it to JPEG or PNG. */
  INPUT_UNSUPPORTED_FORMAT,
  /** The header declares more pixels than --max-input-pixels, or the file is over --max-input-bytes. */
  INPUT_TOO_LARGE,
  /** The image is smaller than the minimum side. */
  INPUT_TOO_SMALL,
  /** A per-pair parameter override or pair_id is invalid. */
  PARAM_INVALID,
  /** The weights could not be used. */
  WEIGHTS_INVALID,
  /** The device or the JVM ran out of memory for this pair; try a smaller size or fewer tasks per executor. */
  OUT_OF_MEMORY,
  /**
   * The pair is over what one pair may use: its estimated memory is over --max-pair-memory (the message
   * gives the estimate, the limit and what would fit), or it ran longer than --pair-timeout.
   */
  RESOURCE_LIMIT,
  /**
   * The executor running the pair died twice while running it (killed by the OS or the resource manager,
   * a native crash); it is not tried a third time, and reruns skip it unless --retry-lost.
   */
  EXECUTOR_LOST,
  /** Writing the output failed. */
  OUTPUT_FAILED,
  /** Anything else: a bug or an environment problem; the message and executor log say more. */
  INTERNAL;

  /** An error that knows its class. */
  public interface Classified {
    ErrorClass errorClass();
  }

  /** The class of the first error in the cause chain that has one; {@link #INTERNAL} when none has. */
  public static ErrorClass of(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      if (t instanceof Classified classified) {
        return classified.errorClass();
      }
      if (t instanceof FileNotFoundException || t instanceof NoSuchFileException) {
        return INPUT_NOT_FOUND;
      }
      if (t instanceof OutOfMemoryError || isNativeOutOfMemory(t)) {
        return OUT_OF_MEMORY;
      }
    }
    return INTERNAL;
  }

  /** libtorch reports a failed allocation as a plain runtime error: its message is all there is to go on. */
  private static boolean isNativeOutOfMemory(Throwable t) {
    String message = String.valueOf(t.getMessage());
    return message.contains("out of memory") || message.contains("DefaultCPUAllocator: can't allocate");
  }
}
