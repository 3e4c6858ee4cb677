package dev.restyle.spark;

/**
 * The device Spark gave a task cannot run the model, so no pair on that executor can: the run stops with
 * this one message instead of writing a FAILED row per pair. It fails the task, and Spark's abort carries it
 * to the driver, where {@link #findIn} picks it out of the job's failure.
 */
public final class DeviceUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;
  private static final String MARKER = DeviceUnavailableException.class.getName() + ": ";

  public DeviceUnavailableException(String message) {
    super(message);
  }

  /**
   * The message of a DeviceUnavailableException that made a Spark job fail, or null. Spark attaches the
   * executor's exception as the cause where it can deserialize it, and always quotes it in its message.
   */
  public static String findIn(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof DeviceUnavailableException) {
        return t.getMessage();
      }
      String message = t.getMessage();
      int at = message == null ? -1 : message.indexOf(MARKER);
      if (at >= 0) {
        String rest = message.substring(at + MARKER.length());
        int end = rest.indexOf("\n\tat ");
        return (end < 0 ? rest : rest.substring(0, end)).strip();
      }
    }
    return null;
  }
}
