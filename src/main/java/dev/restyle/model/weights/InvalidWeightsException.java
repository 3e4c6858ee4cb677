package dev.restyle.model.weights;

/** The weights file cannot be used: unreadable, truncated, not a state dict, or not VGG19's. */
public final class InvalidWeightsException extends RuntimeException {

  public InvalidWeightsException(String message) {
    super(message);
  }

  public InvalidWeightsException(String message, Throwable cause) {
    super(message, cause);
  }
}
