package dev.restyle.support;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Local files written so that readers see the old content or the whole new content, never a part: the
 * bytes go to a hidden temporary file beside the target, which is renamed into place only when complete.
 * A writer that throws leaves the target as it was and no temporary file behind.
 */
public final class AtomicFiles {

  /** Writes the new content; throwing aborts the write (e.g. a download whose checksum is wrong). */
  @FunctionalInterface
  public interface Content {
    void writeTo(OutputStream out) throws IOException;
  }

  private AtomicFiles() {}

  public static void write(Path target, byte[] bytes) throws IOException {
    write(target, out -> out.write(bytes));
  }

  public static void write(Path target, Content content) throws IOException {
    Path absolute = target.toAbsolutePath();
    Files.createDirectories(absolute.getParent());
    // Not Files.createTempFile: its 0600 would make a shared weights cache unreadable to other users;
    // CREATE_NEW gives the umask's permissions, and the random name keeps concurrent writers apart.
    Path temporary = absolute.resolveSibling("." + absolute.getFileName() + "."
        + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".part");
    PartFiles.IN_FLIGHT.add(temporary);
    try {
      try (OutputStream out = Files.newOutputStream(temporary, StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE)) {
        content.writeTo(out);
      }
      try {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, absolute, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
      PartFiles.IN_FLIGHT.remove(temporary);
    }
  }

  /**
   * The part files being written now, deleted if the JVM exits mid-write (Ctrl-C), so no part file is left
   * behind. Not File.deleteOnExit: it keeps every path it was given until exit, and an executor writing
   * millions of images would hold millions of them.
   */
  private static final class PartFiles {
    static final Set<Path> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    static {
      Runtime.getRuntime().addShutdownHook(new Thread(() -> IN_FLIGHT.forEach(part -> part.toFile().delete()),
          "restyle-part-files"));
    }

    private PartFiles() {}
  }
}
