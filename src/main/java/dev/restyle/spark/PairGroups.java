package dev.restyle.spark;

import dev.restyle.params.StyleParams;
import dev.restyle.transfer.PairBatch;
import dev.restyle.transfer.PairMemoryEstimate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/**
 * A task's planned pairs, in their order, packed into the groups it optimizes together: up to
 * {@code batchPairs} consecutive pairs with the same {@linkplain PairBatch#stackingKey stacking key}, as many
 * as fit the memory one task may use together. The plan sorts pairs by that key, so a task's pairs arrive
 * already side by side. A pair that failed planning, cannot share its passes (tiled, multi-scale) or has no
 * partner is a group of one.
 */
final class PairGroups implements Iterator<List<PlannedPair>> {

  private final Iterator<Row> planned;
  private final int batchPairs;
  private final long memoryBytes;
  private PlannedPair next;

  /** @param memoryBytes what one task's pairs may use at once: a batch that would need more is split */
  PairGroups(Iterator<Row> planned, int batchPairs, long memoryBytes) {
    this.planned = planned;
    this.batchPairs = batchPairs;
    this.memoryBytes = memoryBytes;
  }

  @Override
  public boolean hasNext() {
    return next != null || planned.hasNext();
  }

  @Override
  public List<PlannedPair> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    PlannedPair first = take();
    if (batchPairs == 1) {
      return List.of(first); // nothing to read: every pair runs alone
    }
    StyleParams firstParams = shareable(first);
    List<PlannedPair> group = new ArrayList<>(List.of(first));
    if (firstParams == null) {
      return group;
    }
    String key = PairBatch.stackingKey(firstParams);
    List<StyleParams> params = new ArrayList<>(List.of(firstParams));
    while (group.size() < batchPairs && hasNext()) {
      PlannedPair candidate = peek();
      StyleParams candidateParams = shareable(candidate);
      if (candidateParams == null || !PairBatch.stackingKey(candidateParams).equals(key)) {
        break;
      }
      params.add(candidateParams);
      if (PairMemoryEstimate.batchBytes(params) > memoryBytes) {
        break;
      }
      group.add(take());
    }
    return group;
  }

  /** The pair's parameters when it may share a batch; null when it runs alone. */
  private static StyleParams shareable(PlannedPair pair) {
    if (pair.failed()) {
      return null;
    }
    StyleParams params;
    try {
      params = StyleParams.fromJson(pair.paramsJson());
    } catch (RuntimeException e) {
      return null; // alone, where running it records why
    }
    return PairBatch.admits(params) ? params : null;
  }

  private PlannedPair peek() {
    if (next == null) {
      next = PlannedPair.fromRow(planned.next());
    }
    return next;
  }

  private PlannedPair take() {
    PlannedPair taken = peek();
    next = null;
    return taken;
  }
}
