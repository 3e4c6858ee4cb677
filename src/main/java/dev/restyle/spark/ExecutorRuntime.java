package dev.restyle.spark;

import ai.djl.Device;
import dev.restyle.model.ModelCache;
import dev.restyle.model.Pooling;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Weights;
import dev.restyle.model.VggLayer;
import dev.restyle.model.WeightsSource;
import dev.restyle.transfer.StyleTargetCache;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.conf.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What one executor JVM shares across its tasks: one VGG19 per (weights, device, pooling, depth), and one
 * style-target cache per device. Static because Spark gives tasks no other per-JVM home.
 */
public final class ExecutorRuntime {

  private static final Logger LOG = LoggerFactory.getLogger(ExecutorRuntime.class);
  private static final ModelCache<ModelKey, Vgg19> MODELS = new ModelCache<>();
  private static final Map<Device, StyleTargetCache> STYLE_CACHES = new ConcurrentHashMap<>();

  private record ModelKey(WeightsSource weights, Device device, Pooling pooling, String deepest) {}

  private ExecutorRuntime() {}

  public static Vgg19 model(WeightsSource weights, Configuration conf, Device device, Pooling pooling,
      VggLayer deepest) {
    return MODELS.get(new ModelKey(weights, device, pooling, deepest.name()), key -> {
      long start = System.nanoTime();
      WeightsFetcher.LocalWeights local = WeightsFetcher.fetch(weights, conf);
      try {
        Vgg19 model = Vgg19Weights.load(local.source(), local.identity(), deepest, pooling, device);
        LOG.info("loaded VGG19 {} up to {} ({} pooling) on {} in {} ms", local.identity(), deepest.name(),
            pooling.id(), device, (System.nanoTime() - start) / 1_000_000);
        return model;
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  public static StyleTargetCache styleCache(Device device, long maxBytes) {
    return STYLE_CACHES.computeIfAbsent(device, d -> new StyleTargetCache(maxBytes, d));
  }

  /** Models loaded by this JVM so far. */
  public static long modelLoads() {
    return MODELS.loads();
  }
}
