package dev.restyle.spark;

import dev.restyle.support.ErrorClass;

/** One manifest row cannot be run as given (e.g. an unsafe pair_id); it becomes a FAILED row. */
public final class InvalidPairException extends IllegalArgumentException implements ErrorClass.Classified {

  public InvalidPairException(String message) {
    super(message);
  }

  @Override
  public ErrorClass errorClass() {
    return ErrorClass.PARAM_INVALID;
  }
}
