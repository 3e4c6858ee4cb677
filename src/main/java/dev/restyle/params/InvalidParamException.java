package dev.restyle.params;

import dev.restyle.support.ErrorClass;

/** A parameter value outside what Restyle accepts; the message names the flag, the value and the range. */
public final class InvalidParamException extends IllegalArgumentException implements ErrorClass.Classified {

  public InvalidParamException(String flag, String value, String allowed) {
    super(flag + " '" + value + "' is invalid; allowed: " + allowed);
  }

  @Override
  public ErrorClass errorClass() {
    return ErrorClass.PARAM_INVALID;
  }
}
