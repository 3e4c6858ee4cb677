package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.params.StyleParams;
import dev.restyle.support.ErrorClass;
import dev.restyle.transfer.PairMemoryEstimate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.expressions.GenericRowWithSchema;
import org.junit.jupiter.api.Test;

/** How a task packs its planned pairs, in order, into the groups it optimizes together. */
class PairGroupsTest {

  private static final StyleParams SMALL = StyleParams.defaults().with(Map.of("size", "64"));

  private static PlannedPair pair(String id, StyleParams params) {
    return new PlannedPair(id, "c.png", "s.png", params.effectiveJson(), "hash", null, null);
  }

  private static PlannedPair failed(String id) {
    return new PlannedPair(id, "c.png", "s.png", "{}", "hash", ErrorClass.PARAM_INVALID, "bad");
  }

  private static List<List<String>> groups(long memoryBytes, int batch, PlannedPair... pairs) {
    Iterator<Row> rows = java.util.Arrays.stream(pairs).map(PairGroupsTest::withSchema).iterator();
    PairGroups groups = new PairGroups(rows, batch, memoryBytes);
    List<List<String>> ids = new ArrayList<>();
    while (groups.hasNext()) {
      ids.add(groups.next().stream().map(PlannedPair::pairId).toList());
    }
    return ids;
  }

  /** As a task gets its rows: with their schema, read by column name. */
  private static Row withSchema(PlannedPair pair) {
    Row row = pair.toRow();
    Object[] values = new Object[row.length()];
    for (int i = 0; i < values.length; i++) {
      values[i] = row.get(i);
    }
    return new GenericRowWithSchema(values, PlannedPair.SCHEMA);
  }

  @Test
  void consecutivePairsOfOneSizeFillBatchesInOrder() {
    assertThat(groups(Long.MAX_VALUE, 4, pair("a", SMALL), pair("b", SMALL), pair("c", SMALL), pair("d", SMALL),
        pair("e", SMALL))).containsExactly(List.of("a", "b", "c", "d"), List.of("e"));
  }

  @Test
  void anotherSizeAFailedPlanATiledOrAMultiScalePairEndsABatchAndRunsAlone() {
    StyleParams larger = SMALL.with(Map.of("size", "96"));
    StyleParams tiled = SMALL.with(Map.of("tile", "64"));
    StyleParams scales = SMALL.with(Map.of("scales", "32"));
    assertThat(groups(Long.MAX_VALUE, 4, pair("a", SMALL), pair("b", SMALL), pair("c", larger), pair("d", larger),
        failed("e"), pair("f", SMALL), pair("g", tiled), pair("h", scales), pair("i", SMALL)))
        .containsExactly(List.of("a", "b"), List.of("c", "d"), List.of("e"), List.of("f"), List.of("g"),
            List.of("h"), List.of("i"));
  }

  @Test
  void aBatchThatWouldNotFitTheTasksMemoryIsSplit() {
    long three = PairMemoryEstimate.batchBytes(List.of(SMALL, SMALL, SMALL));
    assertThat(groups(three, 8, pair("a", SMALL), pair("b", SMALL), pair("c", SMALL), pair("d", SMALL),
        pair("e", SMALL))).containsExactly(List.of("a", "b", "c"), List.of("d", "e"));
    // The control: with room for all, one batch; alone, each its own.
    assertThat(groups(Long.MAX_VALUE, 8, pair("a", SMALL), pair("b", SMALL), pair("c", SMALL)))
        .containsExactly(List.of("a", "b", "c"));
    assertThat(groups(Long.MAX_VALUE, 1, pair("a", SMALL), pair("b", SMALL)))
        .containsExactly(List.of("a"), List.of("b"));
  }

  @Test
  void theBatchesMemoryCountsTheModelOnceAndEachPairsOwnPart() {
    long one = PairMemoryEstimate.of(SMALL).bytes();
    long two = PairMemoryEstimate.batchBytes(List.of(SMALL, SMALL));
    assertThat(two).isGreaterThan(one).isLessThan(2 * one);
    assertThat(two - one).isEqualTo(PairMemoryEstimate.batchBytes(List.of(SMALL, SMALL, SMALL)) - two);
  }
}
