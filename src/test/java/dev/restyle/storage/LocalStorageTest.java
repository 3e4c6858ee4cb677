package dev.restyle.storage;

import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.io.TempDir;

/** {@link StorageContract} on the local file system: written to a temporary file, then renamed. */
class LocalStorageTest extends StorageContract {

  @TempDir
  java.nio.file.Path dir;

  @Override
  String root() {
    return dir.toUri().toString().replaceAll("/$", "");
  }

  @Override
  Configuration conf() {
    return new Configuration();
  }
}
