package dev.restyle.image;

import dev.restyle.support.ErrorClass;

/** An input image that cannot be used; {@link #reason()} says which kind of problem it is. */
public final class ImageException extends RuntimeException implements ErrorClass.Classified {

  /** Why an image was refused; maps onto the job's error classes. */
  public enum Reason {
    UNDECODABLE,
    /** A real image format Restyle does not read (HEIC, AVIF). */
    UNSUPPORTED_FORMAT,
    TOO_LARGE,
    TOO_SMALL
  }

  private final Reason reason;

  public ImageException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public ImageException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }

  @Override
  public ErrorClass errorClass() {
    return switch (reason) {
      case TOO_LARGE -> ErrorClass.INPUT_TOO_LARGE;
      case TOO_SMALL -> ErrorClass.INPUT_TOO_SMALL;
      case UNDECODABLE -> ErrorClass.INPUT_UNDECODABLE;
      case UNSUPPORTED_FORMAT -> ErrorClass.INPUT_UNSUPPORTED_FORMAT;
    };
  }
}
