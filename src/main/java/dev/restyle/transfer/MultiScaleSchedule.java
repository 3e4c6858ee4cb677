package dev.restyle.transfer;

import dev.restyle.params.StyleParams;
import java.util.ArrayList;
import java.util.List;

/**
 * Which sizes a pair is optimized at, coarse to fine, and how many iterations each gets. The budget,
 * {@code iterations}, is split proportionally to {@code scale_split} (equal by default) by largest
 * remainders, each scale getting at least one, so the counts always add up to {@code iterations}.
 */
record MultiScaleSchedule(List<Stage> stages) {

  /** One scale: the longest side of the image and the iterations planned for it. */
  record Stage(int size, int iterations) {}

  static MultiScaleSchedule of(StyleParams params) {
    StyleParams.Schedule schedule = params.schedule();
    List<Integer> sizes = schedule.scaleLadder();
    List<Double> split = schedule.scaleSplit();
    double[] weights = new double[sizes.size()];
    for (int i = 0; i < weights.length; i++) {
      weights[i] = split.size() == 1 ? 1 : split.get(i);
    }
    int[] counts = apportion(params.iterations(), weights);
    List<Stage> stages = new ArrayList<>();
    for (int i = 0; i < counts.length; i++) {
      stages.add(new Stage(sizes.get(i), counts[i]));
    }
    return new MultiScaleSchedule(List.copyOf(stages));
  }

  /** {@code total} split proportionally to {@code weights}, each share ≥ 1 (needs total ≥ weights.length). */
  static int[] apportion(int total, double[] weights) {
    int n = weights.length;
    double sum = 0;
    for (double w : weights) {
      sum += w;
    }
    int[] counts = new int[n];
    double[] remainders = new double[n];
    int free = total - n; // one each first, the rest by weight
    int given = 0;
    for (int i = 0; i < n; i++) {
      double exact = free * weights[i] / sum;
      counts[i] = 1 + (int) Math.floor(exact);
      remainders[i] = exact - Math.floor(exact);
      given += counts[i];
    }
    while (given < total) { // largest remainder first; ties go to the finer scale
      int best = n - 1;
      for (int i = n - 1; i >= 0; i--) {
        if (remainders[i] > remainders[best]) {
          best = i;
        }
      }
      counts[best]++;
      remainders[best] = -1;
      given++;
    }
    return counts;
  }
}
