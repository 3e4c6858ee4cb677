package dev.restyle.report;

import java.util.Locale;

/**
 * A histogram as a small inline SVG, like {@link LossCurveSvg}: one bar per bin, each carrying its count
 * ({@code data-count}) and a tooltip with its range, and the axis ends labelled (as values, also on a log axis).
 */
final class HistogramSvg {

  static final int WIDTH = 300;
  static final int HEIGHT = 110;
  private static final int PAD = 4;
  private static final int AXIS = 14;

  private HistogramSvg() {}

  static String of(Histogram histogram) {
    long[] counts = histogram.counts();
    long max = 1;
    for (long count : counts) {
      max = Math.max(max, count);
    }
    double barWidth = (WIDTH - 2.0 * PAD) / counts.length;
    double plotHeight = HEIGHT - AXIS - PAD;
    StringBuilder svg = new StringBuilder(String.format(Locale.ROOT,
        "<svg class=\"histogram\" data-metric=\"%s\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
            + "aria-label=\"%s: %d pairs\"><rect width=\"100%%\" height=\"100%%\" fill=\"#fafafa\" stroke=\"#ddd\"/>",
        histogram.metric().name().toLowerCase(Locale.ROOT), WIDTH, HEIGHT, WIDTH, HEIGHT,
        Html.escape(histogram.metric().title), histogram.total()));
    double binSpan = (histogram.high() - histogram.low()) / counts.length;
    for (int i = 0; i < counts.length; i++) {
      double height = counts[i] == 0 ? 0 : Math.max(1, plotHeight * counts[i] / max);
      svg.append(String.format(Locale.ROOT,
          "<rect class=\"bar\" data-count=\"%d\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"#2e86c1\">"
              + "<title>%s to %s: %d</title></rect>",
          counts[i], PAD + i * barWidth, PAD + plotHeight - height, Math.max(barWidth - 1, 0.5), height,
          label(histogram, histogram.low() + i * binSpan), label(histogram, histogram.low() + (i + 1) * binSpan),
          counts[i]));
    }
    svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">%s</text>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\" text-anchor=\"end\">%s</text></svg>",
        PAD, HEIGHT - 3, label(histogram, histogram.low()), WIDTH - PAD, HEIGHT - 3,
        label(histogram, histogram.high())));
    return svg.toString();
  }

  private static String label(Histogram histogram, double axisValue) {
    double value = histogram.metric().log ? Math.pow(10, axisValue) : axisValue;
    return String.format(Locale.ROOT, "%.3g", value);
  }
}
