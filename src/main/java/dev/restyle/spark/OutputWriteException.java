package dev.restyle.spark;

import java.io.IOException;

/** Writing a stylized image to the output location failed. */
public final class OutputWriteException extends IOException {

  public OutputWriteException(String message, Throwable cause) {
    super(message, cause);
  }
}
