package dev.restyle.storage;

import dev.restyle.testing.S3ProxyServer;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link StorageContract} on s3a against S3 on loopback (S3Proxy): one create/close per object. */
class S3StorageTest extends StorageContract {

  private static S3ProxyServer s3;
  private static String bucket;

  @BeforeAll
  static void startServer() {
    s3 = S3ProxyServer.start();
    bucket = s3.createRandomBucket("storage");
  }

  @AfterAll
  static void stopServer() {
    if (s3 != null) {
      s3.close();
    }
  }

  @Override
  String root() {
    return "s3a://" + bucket + "/" + UUID.randomUUID();
  }

  @Override
  Configuration conf() {
    Configuration conf = new Configuration();
    s3.hadoopConf().forEach(conf::set);
    return conf;
  }
}
