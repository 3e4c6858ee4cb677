package dev.restyle.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.Pooling;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class StyleTargetCacheTest {

  private static final long ONE_TARGET = 16 * 16 * 4; // a 16×16 float32 Gram matrix

  private final AtomicInteger computed = new AtomicInteger();

  @Test
  void theSecondPairWithTheSameStyleHitsAndSharesTheTargets() {
    try (StyleTargetCache cache = new StyleTargetCache(10 * ONE_TARGET, Device.cpu())) {
      StyleTargetCache.Lease first = cache.acquire(key("a"), this::targets);
      StyleTargetCache.Lease second = cache.acquire(key("a"), this::targets);
      assertThat(first.hit()).isFalse();
      assertThat(second.hit()).isTrue();
      assertThat(second.targets()).isSameAs(first.targets());
      assertThat(computed).hasValue(1);
      assertThat(cache.hits()).isEqualTo(1);
      assertThat(cache.misses()).isEqualTo(1);
      first.close();
      second.close();
    }
  }

  @Test
  void memoryStaysWithinTheBudgetByEvictingTheLeastRecentlyUsed() {
    try (StyleTargetCache cache = new StyleTargetCache(2 * ONE_TARGET, Device.cpu())) {
      cache.acquire(key("a"), this::targets).close();
      cache.acquire(key("b"), this::targets).close();
      cache.acquire(key("a"), this::targets).close(); // a is now the most recently used
      cache.acquire(key("c"), this::targets).close(); // evicts b
      assertThat(cache.size()).isEqualTo(2);
      assertThat(cache.sizeInBytes()).isEqualTo(2 * ONE_TARGET);
      assertThat(cache.acquire(key("a"), this::targets).hit()).isTrue();
      assertThat(cache.acquire(key("b"), this::targets).hit()).isFalse();
    }
  }

  @Test
  void targetsInUseAreNeverEvicted() {
    try (StyleTargetCache cache = new StyleTargetCache(0, Device.cpu())) {
      StyleTargetCache.Lease inUse = cache.acquire(key("a"), this::targets);
      cache.acquire(key("b"), this::targets).close(); // over budget: b goes at once, a is leased
      assertThat(inUse.targets().gram("relu1_1").sum().getFloat()).isEqualTo(256f);
      assertThat(cache.size()).isEqualTo(1);
      inUse.close();
      assertThat(cache.size()).isZero();
      assertThat(cache.sizeInBytes()).isZero();
    }
  }

  @Test
  void keysDifferingInSizeLayersPoolingOrWeightsAreDifferentTargets() {
    try (StyleTargetCache cache = new StyleTargetCache(100 * ONE_TARGET, Device.cpu())) {
      cache.acquire(key("a"), this::targets).close();
      cache.acquire(new StyleTargetCache.Key("a", 64, List.of("relu1_1"), Pooling.MAX, "w"), this::targets).close();
      cache.acquire(new StyleTargetCache.Key("a", 32, List.of("relu2_1"), Pooling.MAX, "w"), this::targets).close();
      cache.acquire(new StyleTargetCache.Key("a", 32, List.of("relu1_1"), Pooling.AVG, "w"), this::targets).close();
      cache.acquire(new StyleTargetCache.Key("a", 32, List.of("relu1_1"), Pooling.MAX, "v"), this::targets).close();
      assertThat(computed).hasValue(5);
    }
  }

  private static StyleTargetCache.Key key(String digest) {
    return new StyleTargetCache.Key(digest, 32, List.of("relu1_1"), Pooling.MAX, "w");
  }

  private StyleTargets targets(NDManager owner) {
    computed.incrementAndGet();
    NDArray gram = owner.ones(new Shape(16, 16));
    return StyleTargets.fromGrams(Map.of("relu1_1", gram), owner);
  }
}
