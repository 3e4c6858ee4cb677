package dev.restyle.model;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * One value per key per JVM, built on first use and shared by every later caller: one VGG19 per
 * (weights, device, pooling, depth) on an executor, whatever the number of tasks and pairs. Concurrent
 * first callers of one key wait for a single load; a failed load is not cached, so the next caller
 * retries. Counts loads, so tests and logs can show there was exactly one.
 */
public final class ModelCache<K, V extends AutoCloseable> implements AutoCloseable {

  private final Map<K, V> values = new HashMap<>();
  private final Map<K, Object> loadLocks = new HashMap<>();
  private final AtomicLong loads = new AtomicLong();

  public V get(K key, Function<K, V> loader) {
    Object lock;
    synchronized (this) {
      V value = values.get(key);
      if (value != null) {
        return value;
      }
      lock = loadLocks.computeIfAbsent(key, k -> new Object());
    }
    synchronized (lock) { // only callers of this key wait; other keys load in parallel
      synchronized (this) {
        V value = values.get(key);
        if (value != null) {
          return value;
        }
      }
      V loaded = loader.apply(key);
      loads.incrementAndGet();
      synchronized (this) {
        values.put(key, loaded);
        loadLocks.remove(key);
      }
      return loaded;
    }
  }

  /** How many values were built since this cache was created. */
  public long loads() {
    return loads.get();
  }

  public synchronized int size() {
    return values.size();
  }

  @Override
  public synchronized void close() throws Exception {
    Exception first = null;
    for (V value : values.values()) {
      try {
        value.close();
      } catch (Exception e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    values.clear();
    if (first != null) {
      throw first;
    }
  }
}
