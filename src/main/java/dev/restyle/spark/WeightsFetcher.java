package dev.restyle.spark;

import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.WeightsSource;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.storage.Storage;
import dev.restyle.support.Digests;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;

/**
 * Makes weights usable locally, once per JVM: a {@link WeightsSource.Remote} file ({@code s3a://},
 * {@code hdfs://}, …) is copied to local disk (the readers need random access), hashed on the way.
 */
public final class WeightsFetcher {

  /** Weights ready for {@link Vgg19Weights}: untrained or a local file, and their identity. */
  public record LocalWeights(WeightsSource source, String identity) {}

  private static final Map<WeightsSource, LocalWeights> FETCHED = new ConcurrentHashMap<>();

  private WeightsFetcher() {}

  public static LocalWeights fetch(WeightsSource source, Configuration conf) {
    return FETCHED.computeIfAbsent(source, s -> {
      try {
        return fetchOnce(s, conf);
      } catch (IOException e) {
        throw new InvalidWeightsException("could not read weights " + s.spec() + ": " + e.getMessage(), e);
      }
    });
  }

  private static LocalWeights fetchOnce(WeightsSource source, Configuration conf) throws IOException {
    if (source instanceof WeightsSource.Untrained untrained) {
      return new LocalWeights(untrained, untrained.spec());
    }
    if (source instanceof WeightsSource.LocalFile local) {
      if (!java.nio.file.Files.isRegularFile(local.file())) {
        throw new InvalidWeightsException("weights file " + local.file() + " does not exist");
      }
      return new LocalWeights(local, Vgg19Weights.identity(local.file()));
    }
    String uri = source.spec();
    String name = new org.apache.hadoop.fs.Path(uri).getName();
    Path target = Path.of(System.getProperty("java.io.tmpdir"), "restyle-weights", Digests.shortSha256(uri), name);
    try {
      String sha256 = new Storage(conf).copyToLocal(uri, target);
      return new LocalWeights(new WeightsSource.LocalFile(target), "sha256:" + sha256);
    } catch (FileNotFoundException e) {
      throw new InvalidWeightsException("weights file " + uri + " does not exist", e);
    }
  }
}
