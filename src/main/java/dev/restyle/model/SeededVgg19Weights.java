package dev.restyle.model;

import ai.djl.ndarray.types.DataType;
import dev.restyle.model.weights.StateDict;
import dev.restyle.model.weights.StoredTensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * VGG19 with seeded random weights, initialized as torchvision does (Kaiming normal, fan-out, zero bias).
 * For smoke runs and tests where no ImageNet weights can be had; results are deterministic per seed but
 * do not look like the paper's.
 */
public final class SeededVgg19Weights {

  private SeededVgg19Weights() {}

  public static String id(long seed) {
    return "untrained:seed=" + seed;
  }

  /** Convolutions up to {@code deepest}; each layer's values depend only on the seed and the layer. */
  public static StateDict stateDict(long seed, VggLayer deepest) {
    Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    for (VggLayer layer : Vgg19Architecture.upTo(deepest)) {
      if (layer.kind() == VggLayer.Kind.CONV) {
        long[] weightShape = {layer.outChannels(), layer.inChannels(), 3, 3};
        double std = Math.sqrt(2.0 / (layer.outChannels() * 9.0));
        long layerSeed = seed * 1_000_003L + layer.index();
        tensors.put(layer.weightKey(), new Generated(layer.weightKey(), weightShape, layerSeed, std));
        tensors.put(layer.biasKey(), new Generated(layer.biasKey(), new long[] {layer.outChannels()}, 0, 0));
      }
    }
    return new StateDict() {
      @Override
      public String format() {
        return "seeded";
      }

      @Override
      public Map<String, StoredTensor> tensors() {
        return tensors;
      }

      @Override
      public void close() {}
    };
  }

  /** Normal(0, std) values, generated on read so an unused layer costs nothing. */
  private record Generated(String key, long[] shape, long seed, double std) implements StoredTensor {

    @Override
    public DataType dataType() {
      return DataType.FLOAT32;
    }

    @Override
    public ByteBuffer read() {
      long count = 1;
      for (long dim : shape) {
        count *= dim;
      }
      ByteBuffer buffer = ByteBuffer.allocateDirect(Math.toIntExact(count * 4)).order(ByteOrder.LITTLE_ENDIAN);
      SplittableRandom random = new SplittableRandom(seed);
      for (long i = 0; i < count; i++) {
        buffer.putFloat((float) (std == 0 ? 0 : gaussian(random) * std));
      }
      return buffer.flip();
    }

    private static double gaussian(SplittableRandom random) {
      // Box-Muller: SplittableRandom has no nextGaussian on Java 17.
      double u = 1.0 - random.nextDouble();
      double v = random.nextDouble();
      return Math.sqrt(-2.0 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
  }
}
