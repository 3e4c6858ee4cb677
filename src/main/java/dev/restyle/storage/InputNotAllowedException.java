package dev.restyle.storage;

import dev.restyle.support.ErrorClass;
import java.io.IOException;

/** An input the run may not read ({@link InputPolicy}): refused before a byte of it is fetched. */
public final class InputNotAllowedException extends IOException implements ErrorClass.Classified {

  public InputNotAllowedException(String uri, String reason) {
    super(uri + " is not allowed: " + reason);
  }

  @Override
  public ErrorClass errorClass() {
    return ErrorClass.INPUT_NOT_ALLOWED;
  }
}
