package dev.restyle.model.weights;

import dev.restyle.support.ErrorClass;

/** The weights file cannot be used: unreadable, truncated, not a state dict, or not VGG19's. */
public final class InvalidWeightsException extends RuntimeException implements ErrorClass.Classified {

  public InvalidWeightsException(String message) {
    super(message);
  }

  public InvalidWeightsException(String message, Throwable cause) {
    super(message, cause);
  }

  @Override
  public ErrorClass errorClass() {
    return ErrorClass.WEIGHTS_INVALID;
  }
}
