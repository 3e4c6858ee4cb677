package dev.restyle.image;

/** An input image that cannot be used; {@link #reason()} says which kind of problem it is. */
public final class ImageException extends RuntimeException {

  /** Why an image was refused; maps onto the job's error classes. */
  public enum Reason {
    UNDECODABLE,
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
}
