package dev.restyle.model.download;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ProgressLineTest {

  private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);
  private final AtomicLong now = new AtomicLong();

  private String output() {
    return bytes.toString(StandardCharsets.UTF_8);
  }

  @Test
  void printsAtMostOncePerIntervalAndAlwaysTheEnd() {
    ProgressLine line = new ProgressLine(out, "f.pth", 10_000_000, now::get, 250_000_000L);

    line.update(0);
    now.set(100_000_000L);
    line.update(1_000_000); // too soon
    now.set(1_000_000_000L);
    line.update(5_000_000);
    now.set(1_100_000_000L);
    line.update(6_000_000); // too soon
    now.set(2_000_000_000L);
    line.finish(10_000_000);

    assertThat(output().split("\r", -1)).containsExactly("",
        "f.pth:   0% 0.0/10.0 MB, 0.0 MB/s",
        "f.pth:  50% 5.0/10.0 MB, 5.0 MB/s",
        "f.pth: 100% 10.0/10.0 MB, 5.0 MB/s\n");
  }

  @Test
  void anUnknownTotalShowsMegabytesAndTheEndShows100() {
    ProgressLine line = new ProgressLine(out, "f.pth", -1, now::get, 250_000_000L);

    now.set(1_000_000_000L);
    line.update(2_000_000);
    now.set(2_000_000_000L);
    line.finish(4_000_000);

    assertThat(output()).isEqualTo("\rf.pth: 2.0 MB, 2.0 MB/s\rf.pth: 100% 4.0/4.0 MB, 2.0 MB/s\n");
  }

  @Test
  void aShorterLineIsPaddedToOverwriteTheLongerOne() {
    ProgressLine line = new ProgressLine(out, "f.pth", -1, now::get, 0);

    now.set(1_000_000_000L);
    line.update(12_000_000);
    now.set(20_000_000_000L);
    line.update(13_000_000);

    assertThat(output()).isEqualTo("\rf.pth: 12.0 MB, 12.0 MB/s\rf.pth: 13.0 MB, 0.7 MB/s ");
  }

  @Test
  void abandonEndsAStartedLineOnly() {
    ProgressLine line = new ProgressLine(out, "f.pth", 100, now::get, 250_000_000L);
    line.abandon();
    assertThat(output()).isEmpty();

    line.update(50);
    line.abandon();
    assertThat(output()).endsWith("\n").contains("50%");
  }
}
