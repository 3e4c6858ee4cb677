package dev.restyle.spark;

import dev.restyle.image.ImageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** Reads an input image's bytes from any Hadoop file system, refusing files too big to be images. */
public final class InputReader {

  private final Configuration conf;
  private final long maxBytes;

  public InputReader(Configuration conf, long maxBytes) {
    this.conf = conf;
    this.maxBytes = maxBytes;
  }

  public byte[] read(String uri) throws IOException {
    Path path = new Path(uri);
    FileSystem fs = path.getFileSystem(conf);
    FileStatus status;
    try {
      status = fs.getFileStatus(path);
    } catch (FileNotFoundException e) {
      throw new FileNotFoundException(uri + " does not exist");
    }
    if (status.isDirectory()) {
      throw new FileNotFoundException(uri + " is a directory, not an image");
    }
    if (status.getLen() > maxBytes) {
      throw new ImageException(ImageException.Reason.TOO_LARGE,
          uri + " is " + status.getLen() + " bytes, over the " + maxBytes + "-byte input limit");
    }
    try (InputStream in = fs.open(path)) {
      return in.readAllBytes();
    }
  }
}
