package dev.restyle.model.download;

import java.io.IOException;

/** A download that failed for a reason this package detected itself (HTTP status, length, redirect, checksum). */
public class DownloadException extends IOException {

  private static final long serialVersionUID = 1L;

  public DownloadException(String message) {
    super(message);
  }

  public DownloadException(String message, Throwable cause) {
    super(message, cause);
  }
}
