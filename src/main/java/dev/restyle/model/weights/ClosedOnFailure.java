package dev.restyle.model.weights;

import java.io.Closeable;
import java.io.IOException;

/**
 * Parses an opened resource and hands its ownership to the result; if parsing fails the resource is
 * closed here, so a bad weights file never leaks a file handle.
 */
final class ClosedOnFailure {

  interface Parser<R extends Closeable, T> {
    T parse(R resource) throws IOException;
  }

  private ClosedOnFailure() {}

  static <R extends Closeable, T> T parse(R resource, Parser<R, T> parser) throws IOException {
    try {
      return parser.parse(resource);
    } catch (IOException | RuntimeException e) {
      try {
        resource.close();
      } catch (IOException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw e;
    }
  }
}
