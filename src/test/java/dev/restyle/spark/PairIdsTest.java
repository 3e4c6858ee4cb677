package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PairIdsTest {

  @Test
  void safeUserIdsAreKeptAsGiven() {
    assertThat(PairIds.checkUserId("portrait-042_v2.final")).isEqualTo("portrait-042_v2.final");
    assertThat(PairIds.checkUserId("café au lait")).isEqualTo("café au lait");
  }

  @Test
  void unsafeUserIdsAreRejectedWithTheReason() {
    assertThatThrownBy(() -> PairIds.checkUserId("a/b")).hasMessage("pair_id 'a/b' contains a path separator");
    assertThatThrownBy(() -> PairIds.checkUserId("..")).hasMessage("pair_id '..' contains '..' or is '.'");
    assertThatThrownBy(() -> PairIds.checkUserId("x\u0007y")).hasMessage("pair_id 'x\\u0007y' contains control characters");
    assertThatThrownBy(() -> PairIds.checkUserId("")).hasMessage("pair_id must have 1 to 200 characters");
  }

  @Test
  void generatedIdsAreStableAndDependOnEveryInput() {
    String id = PairIds.generated("s3a://b/c.jpg", "s3a://b/s.jpg", "{\"size\":512}");
    assertThat(id).hasSize(16).matches("[0-9a-f]{16}");
    assertThat(PairIds.generated("s3a://b/c.jpg", "s3a://b/s.jpg", "{\"size\":512}")).isEqualTo(id);
    assertThat(PairIds.generated("s3a://b/c.jpg", "s3a://b/s.jpg", "{\"size\":256}")).isNotEqualTo(id);
    assertThat(PairIds.generated("s3a://b/d.jpg", "s3a://b/s.jpg", "{\"size\":512}")).isNotEqualTo(id);
  }
}
