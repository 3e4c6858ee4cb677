package dev.restyle.spark;

import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.weights.InvalidWeightsException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Makes a weights spec usable locally, once per JVM: a file on any Hadoop file system ({@code s3a://},
 * {@code hdfs://}, …) is copied to local disk (readers need random access), hashed on the way.
 */
public final class WeightsFetcher {

  /** A weights spec ready for {@link Vgg19Weights}: a local path or {@code untrained:…}, and its identity. */
  public record LocalWeights(String spec, String identity) {}

  private static final Map<String, LocalWeights> FETCHED = new ConcurrentHashMap<>();

  private WeightsFetcher() {}

  public static LocalWeights fetch(String spec, Configuration conf) {
    return FETCHED.computeIfAbsent(spec, s -> {
      try {
        return fetchOnce(s, conf);
      } catch (IOException e) {
        throw new InvalidWeightsException("could not read weights " + s + ": " + e.getMessage(), e);
      }
    });
  }

  private static LocalWeights fetchOnce(String spec, Configuration conf) throws IOException {
    if (Vgg19Weights.isUntrained(spec)) {
      return new LocalWeights(spec, spec.contains("seed=") ? spec : spec + ":seed=0");
    }
    URI uri = URI.create(spec.replace(" ", "%20"));
    if (uri.getScheme() == null || uri.getScheme().equals("file")) {
      java.nio.file.Path local = java.nio.file.Path.of(uri.getScheme() == null ? spec : uri.getPath());
      if (!Files.isRegularFile(local)) {
        throw new InvalidWeightsException("weights file " + local + " does not exist");
      }
      return new LocalWeights(local.toString(), Vgg19Weights.identity(local));
    }
    Path remote = new Path(spec);
    FileSystem fs = remote.getFileSystem(conf);
    java.nio.file.Path dir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"), "restyle-weights",
        dev.restyle.transfer.Digests.sha256(spec.getBytes(StandardCharsets.UTF_8)).substring(0, 16));
    Files.createDirectories(dir);
    java.nio.file.Path target = dir.resolve(remote.getName());
    java.nio.file.Path part = dir.resolve(remote.getName() + ".part");
    MessageDigest digest = sha256();
    try (InputStream in = fs.open(remote);
        OutputStream out = new DigestOutputStream(Files.newOutputStream(part), digest)) {
      in.transferTo(out);
    } catch (FileNotFoundException e) {
      throw new InvalidWeightsException("weights file " + spec + " does not exist", e);
    }
    Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return new LocalWeights(target.toString(), "sha256:" + HexFormat.of().formatHex(digest.digest()));
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
