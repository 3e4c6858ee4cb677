package dev.restyle.transfer;

/** A parameter value outside what Restyle accepts; the message names the flag, the value and the range. */
public final class InvalidParamException extends IllegalArgumentException {

  public InvalidParamException(String flag, String value, String allowed) {
    super(flag + " '" + value + "' is invalid; allowed: " + allowed);
  }
}
