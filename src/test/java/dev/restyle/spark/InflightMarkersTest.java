package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InflightMarkersTest {

  @TempDir
  Path dir;

  private final Configuration conf = new Configuration();

  @Test
  void theMarkersAttemptsLeaveBehindAreCountedPerPairAndOnlyForThatPair() throws IOException {
    InflightMarkers markers = new InflightMarkers(dir.toString(), "r1", "app-1", conf);
    // Two attempts died inside p1, one inside p10; p1@attempt-3 is a pair id of its own.
    markers.started("p1", 7);
    markers.started("p1", 8);
    markers.started("p10", 9);
    markers.started("p1@attempt-3", 11);

    assertThat(markers.leftBehind("p1")).hasSize(2);
    assertThat(markers.leftBehind("p10")).hasSize(1);
    assertThat(markers.leftBehind("p1@attempt-3")).hasSize(1);
    assertThat(markers.leftBehind("p")).isEmpty();
    assertThat(new InflightMarkers(dir.toString(), "r1", "app-2", conf).leftBehind("p1"))
        .as("another application counts again").isEmpty();
  }

  @Test
  void aFinishedPairTakesItsOwnMarkerAndThoseLeftBehindWithIt() throws IOException {
    InflightMarkers markers = new InflightMarkers(dir.toString(), "r1", "app-1", conf);
    markers.started("p1", 7);
    markers.started("p2", 8);
    List<org.apache.hadoop.fs.Path> leftBehind = markers.leftBehind("p1");
    markers.started("p1", 12);

    markers.finished("p1", 12, leftBehind);

    assertThat(markers.leftBehind("p1")).isEmpty();
    assertThat(markers.leftBehind("p2")).hasSize(1);
    assertThat(files()).containsExactly("_inflight/run_id=r1/app=app-1/p2@attempt-8");
  }

  @Test
  void markersOnALocalDiskAreFlatAndHaveNoChecksumFiles() throws IOException {
    InflightMarkers markers = new InflightMarkers(dir.toString(), "r1", "app-1", conf);
    markers.started("p1", 7);
    markers.started("p2", 8);

    assertThat(files()).containsExactly("_inflight/run_id=r1/app=app-1/p1@attempt-7",
        "_inflight/run_id=r1/app=app-1/p2@attempt-8");

    markers.clear();
    assertThat(files()).isEmpty();
  }

  private List<String> files() throws IOException {
    try (Stream<Path> all = Files.walk(dir)) {
      return all.filter(Files::isRegularFile).map(f -> dir.relativize(f).toString()).sorted().toList();
    }
  }
}
