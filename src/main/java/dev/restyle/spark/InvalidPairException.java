package dev.restyle.spark;

/** One manifest row cannot be run as given (e.g. an unsafe pair_id); it becomes a FAILED row. */
public final class InvalidPairException extends IllegalArgumentException {

  public InvalidPairException(String message) {
    super(message);
  }
}
