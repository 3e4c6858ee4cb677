package dev.restyle.storage;

import dev.restyle.support.ErrorClass;
import java.io.IOException;

/** A file over the size a reader accepts: refused before a byte of it is read, or as soon as reading passes the cap. */
public final class InputTooLargeException extends IOException implements ErrorClass.Classified {

  public InputTooLargeException(String uri, long length, long maxBytes) {
    super(uri + " is " + length + " bytes, over the " + maxBytes + "-byte input limit");
  }

  /** Its size was not known before reading (http), and reading went past the cap. */
  public InputTooLargeException(String uri, long maxBytes) {
    super(uri + " is over the " + maxBytes + "-byte input limit");
  }

  @Override
  public ErrorClass errorClass() {
    return ErrorClass.INPUT_TOO_LARGE;
  }
}
