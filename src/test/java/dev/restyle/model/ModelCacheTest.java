package dev.restyle.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ModelCacheTest {

  /** A stand-in for a model: records its key and whether it was closed. */
  static final class Resource implements AutoCloseable {
    final String key;
    boolean closed;

    Resource(String key) {
      this.key = key;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  @Test
  void concurrentFirstCallersOfOneKeyShareASingleLoad() throws Exception {
    ModelCache<String, Resource> cache = new ModelCache<>();
    AtomicInteger loaderCalls = new AtomicInteger();
    CountDownLatch start = new CountDownLatch(1);
    ExecutorService threads = Executors.newFixedThreadPool(8);
    try {
      List<Future<Resource>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        results.add(threads.submit(() -> {
          start.await();
          return cache.get("vgg19@cpu", key -> {
            loaderCalls.incrementAndGet();
            sleep(100);
            return new Resource(key);
          });
        }));
      }
      start.countDown();
      Resource first = results.get(0).get();
      for (Future<Resource> result : results) {
        assertThat(result.get()).isSameAs(first);
      }
    } finally {
      threads.shutdownNow();
    }
    assertThat(loaderCalls).hasValue(1);
    assertThat(cache.loads()).isEqualTo(1);
  }

  @Test
  void differentKeysLoadSeparatelyAndLaterCallsHitTheCache() {
    ModelCache<String, Resource> cache = new ModelCache<>();
    Resource cpu = cache.get("cpu", Resource::new);
    Resource gpu0 = cache.get("gpu0", Resource::new);
    assertThat(cache.get("cpu", key -> new Resource("unexpected"))).isSameAs(cpu);
    assertThat(gpu0.key).isEqualTo("gpu0");
    assertThat(cache.loads()).isEqualTo(2);
    assertThat(cache.size()).isEqualTo(2);
  }

  @Test
  void aFailedLoadIsNotCachedSoTheNextCallerRetries() {
    ModelCache<String, Resource> cache = new ModelCache<>();
    assertThatThrownBy(() -> cache.get("k", key -> {
      throw new IllegalStateException("weights unreadable");
    })).hasMessage("weights unreadable");
    assertThat(cache.get("k", Resource::new).key).isEqualTo("k");
    assertThat(cache.loads()).isEqualTo(1);
  }

  @Test
  void closeClosesEveryValue() throws Exception {
    ModelCache<String, Resource> cache = new ModelCache<>();
    Resource a = cache.get("a", Resource::new);
    Resource b = cache.get("b", Resource::new);
    cache.close();
    assertThat(a.closed).isTrue();
    assertThat(b.closed).isTrue();
    assertThat(cache.size()).isZero();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
