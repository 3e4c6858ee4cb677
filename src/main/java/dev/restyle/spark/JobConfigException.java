package dev.restyle.spark;

/** The job cannot start as configured; the message names the flag. Exit code 2. */
public final class JobConfigException extends IllegalArgumentException {

  public JobConfigException(String message) {
    super(message);
  }
}
