package dev.restyle.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.restyle.image.ImageEncoder;
import dev.restyle.image.ImageFormat;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * No native leak from pair to pair: 50 small pairs on local[2], in a JVM of their own whose heap is fixed
 * and pre-touched (-Xms1g -Xmx1g -XX:+AlwaysPreTouch), so resident memory can only grow through native
 * allocations (tensors, DJL/PyTorch buffers, Parquet/compression buffers, thread stacks, metaspace). Each
 * finished pair logs the process's RSS ({@code rss=…MiB}, PairTask); after the warm-up it must stay flat.
 *
 * <p>Bound: median RSS after the last 10 pairs ≤ median after pairs 11–20 × 1.05 + 20 MiB (≈ 100 MiB of
 * slack at the ≈ 1.6 GiB such a JVM holds). Pairs 1–10 are the warm-up (model load, JIT, Spark's first
 * buffers) and are not compared; medians, because a pair that finishes while the other thread is mid-way
 * through its optimization also sees that thread's transient activations. Measured on 2 cores: flat at
 * ≈ 1.58 GiB for pairs 1–25, one step of +15…35 MiB when the next two tasks (partitions 3 and 4) start
 * around pair 26, then flat again; with 8 partitions the step comes with the second round of tasks and
 * 5 later task starts add nothing, so it is allocator warm-up, not a per-task leak. The slack covers that
 * step with ≥ 60 MiB to spare. ≈ 30 pairs lie between the windows' middles, so a steady leak of ≥ 3.5 MiB
 * per pair fails the test whatever the step (≥ 2 MiB with it). A pair that kept its tensors (the VGG19
 * activations, gradients and autograd graphs of its evaluations) leaks several MiB even at 32 px, and
 * ≈ 250× more at 512 px.
 */
class ExecutorMemoryJobTest {

  private static final Pattern PAIR_LINE =
      Pattern.compile("pair (\\S+) SUCCEEDED total_loss=\\S+ in \\S+ s rss=(\\d+)MiB");

  @Test
  @EnabledOnOs(OS.LINUX) // the rss= field comes from /proc/self/status
  void fiftyPairsOnTwoThreadsKeepTheExecutorsResidentMemoryFlat(@TempDir Path dir) throws Exception {
    List<String> contents = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      contents.add(write(dir, "c" + i + ".png", 40 - i % 3 * 4, 30 + i % 2 * 4, i));
    }
    List<String> styles = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      styles.add(write(dir, "s" + i + ".png", 32 + i * 4, 32, 100 + i));
    }
    StringBuilder manifest = new StringBuilder("content_uri,style_uri\n");
    for (String content : contents) {
      for (String style : styles) {
        manifest.append(content).append(',').append(style).append('\n');
      }
    }
    Files.writeString(dir.resolve("pairs.csv"), manifest);

    long start = System.nanoTime();
    ChildJvm.Result run = ChildJvm.runJob(dir,
        List.of("-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch", "-Dai.djl.pytorch.num_threads=1",
            "-Dlog4j2.configurationFile=conf/log4j2.properties"),
        Map.of(),
        List.of("--master", "local[2]", "--pairs", dir.resolve("pairs.csv").toString(), "--output",
            dir.resolve("result").toString(), "--weights", "untrained:seed=60", "--run-id", "memory", "--size",
            "32", "--iterations", "3", "--conf", "spark.ui.enabled=false"),
        240);
    double seconds = (System.nanoTime() - start) / 1e9;

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("restyle run memory: 50 done, 0 failed, 0 skipped of 50 pairs");
    List<Long> rss = new ArrayList<>();
    Matcher m = PAIR_LINE.matcher(run.err());
    while (m.find()) {
      rss.add(Long.parseLong(m.group(2)));
    }
    assertThat(rss).as(run.err()).hasSize(50);

    long warm = median(rss.subList(10, 20));
    long last = median(rss.subList(40, 50));
    long bound = Math.round(warm * 1.05) + 20;
    System.out.printf("ExecutorMemoryJobTest: 50 pairs (32 px, 3 iterations) on local[2] in %.1f s; "
        + "RSS per pair in completion order (MiB): %s%n", seconds, rss);
    System.out.printf("ExecutorMemoryJobTest: RSS after pair 1 %d MiB, after pair 10 %d MiB; median of pairs "
        + "11-20 %d MiB, median of pairs 41-50 %d MiB (%+d MiB), max %d MiB; bound %d MiB%n", rss.get(0),
        rss.get(9), warm, last, last - warm, rss.stream().mapToLong(Long::longValue).max().orElseThrow(), bound);
    assertThat(last).as("median RSS of the last 10 pairs vs. pairs 11-20 (%d MiB): %s", warm, rss)
        .isLessThanOrEqualTo(bound);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static String write(Path dir, String name, int width, int height, long seed) throws Exception {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    SplittableRandom random = new SplittableRandom(seed);
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        image.setRGB(x, y, random.nextInt(0x1000000));
      }
    }
    Path file = dir.resolve(name);
    Files.write(file, ImageEncoder.encode(image, ImageFormat.PNG));
    return file.toString();
  }
}
