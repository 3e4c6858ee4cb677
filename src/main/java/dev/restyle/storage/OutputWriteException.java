package dev.restyle.storage;

import dev.restyle.support.ErrorClass;
import java.io.IOException;

/** Writing a stylized image (or a report) to the output location failed. */
public final class OutputWriteException extends IOException implements ErrorClass.Classified {

  public OutputWriteException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorClass errorClass() {
    return ErrorClass.OUTPUT_FAILED;
  }
}
