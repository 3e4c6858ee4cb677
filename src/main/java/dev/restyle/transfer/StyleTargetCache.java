package dev.restyle.transfer;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import dev.restyle.model.Pooling;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Gram targets shared by the pairs of one JVM that use the same style image at the same size, layers,
 * pooling and weights. Bounded in bytes; least recently used entries go first, but never one a pair
 * is still using (entries are leased). Thread-safe.
 */
public final class StyleTargetCache implements AutoCloseable {

  /**
   * What the targets depend on: the style image (its version, or the digest of its bytes, and the side it
   * was decoded for), the longest side it is resized to (which with the image fixes both sides), and how
   * the network looks at it.
   */
  public record Key(String style, int side, List<String> layers, Pooling pooling, String weightsId) {}

  /** A style's targets, held for one pair; closing it lets the cache evict them again. */
  public interface Lease extends AutoCloseable {
    StyleTargets targets();

    /** Whether the targets were already there (computed by an earlier pair). */
    boolean hit();

    @Override
    void close();
  }

  private final long maxBytes;
  private final NDManager manager;
  private final Map<Key, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;
  private long hits;
  private long misses;

  public StyleTargetCache(long maxBytes, Device device) {
    this.maxBytes = maxBytes;
    this.manager = NDManager.newBaseManager(device);
  }

  /** @param compute builds the targets under the given owner manager; called without the cache's lock */
  public Lease acquire(Key key, Function<NDManager, StyleTargets> compute) {
    synchronized (this) {
      Entry entry = entries.get(key);
      if (entry != null) {
        hits++;
        return entry.lease(true);
      }
      misses++;
    }
    StyleTargets computed = compute.apply(manager);
    synchronized (this) {
      Entry entry = entries.get(key);
      if (entry != null) { // another thread computed the same style meanwhile
        computed.close();
        return entry.lease(true);
      }
      entry = new Entry(computed);
      entries.put(key, entry);
      bytes += computed.sizeInBytes();
      Lease lease = entry.lease(false);
      evictWhileOverBudget();
      return lease;
    }
  }

  public synchronized long hits() {
    return hits;
  }

  public synchronized long misses() {
    return misses;
  }

  public synchronized long sizeInBytes() {
    return bytes;
  }

  public synchronized int size() {
    return entries.size();
  }

  private void evictWhileOverBudget() {
    Iterator<Entry> oldestFirst = entries.values().iterator();
    while (bytes > maxBytes && oldestFirst.hasNext()) {
      Entry entry = oldestFirst.next();
      if (entry.leases == 0) {
        oldestFirst.remove();
        bytes -= entry.targets.sizeInBytes();
        entry.targets.close();
      }
    }
  }

  @Override
  public synchronized void close() {
    entries.clear();
    bytes = 0;
    manager.close();
  }

  private final class Entry {
    private final StyleTargets targets;
    private int leases;

    Entry(StyleTargets targets) {
      this.targets = targets;
    }

    Lease lease(boolean hit) {
      leases++;
      return new Lease() {
        private boolean closed;

        @Override
        public StyleTargets targets() {
          return targets;
        }

        @Override
        public boolean hit() {
          return hit;
        }

        @Override
        public void close() {
          synchronized (StyleTargetCache.this) {
            if (!closed) {
              closed = true;
              leases--;
              evictWhileOverBudget();
            }
          }
        }
      };
    }
  }
}
