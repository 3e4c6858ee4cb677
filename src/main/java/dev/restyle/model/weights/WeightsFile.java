package dev.restyle.model.weights;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A weights file open for positioned reads.
 *
 * <p>Positioned reads ({@link FileChannel#read(ByteBuffer, long)}) are used everywhere so that one
 * open file can serve concurrent {@link StoredTensor#read()} calls without a shared cursor, and so
 * that opening a 575 MB file touches only its header. Every byte read is counted: the count is how
 * the tests prove that the classifier of VGG19 is never read.
 */
final class WeightsFile implements Closeable {

  private final Path path;
  private final FileChannel channel;
  private final long size;
  private final AtomicLong bytesRead = new AtomicLong();

  private WeightsFile(Path path, FileChannel channel) throws IOException {
    this.path = path;
    this.channel = channel;
    this.size = channel.size();
  }

  static WeightsFile open(Path path) throws IOException {
    return new WeightsFile(path, FileChannel.open(path, StandardOpenOption.READ));
  }

  Path path() {
    return path;
  }

  /** The length of the file when it was opened. */
  long size() {
    return size;
  }

  /** Bytes read from the file so far, headers included. */
  long bytesRead() {
    return bytesRead.get();
  }

  /** Exactly {@code length} bytes from {@code position}, in a little-endian direct buffer. */
  ByteBuffer read(long position, int length) throws IOException {
    ByteBuffer buffer = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
    while (buffer.hasRemaining()) {
      int n = channel.read(buffer, position + buffer.position());
      if (n < 0) {
        throw new EOFException(
            path + " ended at byte " + (position + buffer.position()) + " while reading " + length
                + " bytes from byte " + position + " (was the file changed after it was opened?)");
      }
      bytesRead.addAndGet(n);
    }
    return buffer.flip();
  }

  /** The little-endian int64 at {@code position}. */
  long readLong(long position) throws IOException {
    return read(position, Long.BYTES).getLong(0);
  }

  /** A buffered stream from {@code position}, which knows how many bytes its reader consumed. */
  Input inputAt(long position) {
    return new Input(position);
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  /**
   * Sequential reading for the pickles at the head of a file. The unpickler stops exactly at each
   * pickle's STOP opcode, so {@link #position()} (bytes consumed, not bytes buffered) is where the
   * next pickle, or the storage data, begins.
   */
  final class Input extends InputStream {
    private final ByteBuffer buffer = ByteBuffer.allocate(64 * 1024).limit(0);
    private long bufferStart;

    private Input(long position) {
      this.bufferStart = position;
    }

    /** The file position of the next byte this stream will return. */
    long position() {
      return bufferStart + buffer.position();
    }

    @Override
    public int read() throws IOException {
      if (!buffer.hasRemaining() && !fill()) {
        return -1;
      }
      return buffer.get() & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (!buffer.hasRemaining() && !fill()) {
        return -1;
      }
      int n = Math.min(length, buffer.remaining());
      buffer.get(into, offset, n);
      return n;
    }

    private boolean fill() throws IOException {
      bufferStart += buffer.limit();
      buffer.clear();
      int n = channel.read(buffer, bufferStart);
      buffer.flip();
      if (n <= 0) {
        return false;
      }
      bytesRead.addAndGet(n);
      return true;
    }
  }
}
