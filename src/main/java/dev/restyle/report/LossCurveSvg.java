package dev.restyle.report;

import java.util.List;
import java.util.Locale;

/** A pair's loss history as a small inline SVG: total loss against iteration, log scale. */
final class LossCurveSvg {

  static final int WIDTH = 220;
  static final int HEIGHT = 90;
  private static final int PAD = 6;

  /** One recorded point: the iteration and the weighted total loss. */
  record Point(int iteration, double total) {}

  private LossCurveSvg() {}

  static String of(List<Point> points) {
    List<Point> usable = points.stream().filter(p -> p.total() > 0 && Double.isFinite(p.total())).toList();
    if (usable.size() < 2) {
      return "<span class=\"muted\">no curve</span>";
    }
    double minX = usable.get(0).iteration();
    double maxX = usable.get(usable.size() - 1).iteration();
    double minY = usable.stream().mapToDouble(p -> Math.log10(p.total())).min().orElse(0);
    double maxY = usable.stream().mapToDouble(p -> Math.log10(p.total())).max().orElse(1);
    double spanX = Math.max(maxX - minX, 1);
    double spanY = Math.max(maxY - minY, 1e-9);
    StringBuilder path = new StringBuilder();
    for (Point p : usable) {
      double x = PAD + (p.iteration() - minX) / spanX * (WIDTH - 2 * PAD);
      double y = PAD + (maxY - Math.log10(p.total())) / spanY * (HEIGHT - 2 * PAD);
      path.append(path.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
    }
    return String.format(Locale.ROOT,
        "<svg class=\"curve\" width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" "
            + "aria-label=\"total loss from %.4g to %.4g over %d iterations\">"
            + "<rect width=\"100%%\" height=\"100%%\" fill=\"#fafafa\" stroke=\"#ddd\"/>"
            + "<polyline fill=\"none\" stroke=\"#c0392b\" stroke-width=\"1.5\" points=\"%s\"/>"
            + "<text x=\"%d\" y=\"12\" font-size=\"10\" fill=\"#555\">%.3g</text>"
            + "<text x=\"%d\" y=\"%d\" font-size=\"10\" fill=\"#555\">%.3g @ %d</text></svg>",
        WIDTH, HEIGHT, WIDTH, HEIGHT, usable.get(0).total(), usable.get(usable.size() - 1).total(),
        (int) maxX, path, PAD + 2, Math.pow(10, maxY), PAD + 2, HEIGHT - 4, usable.get(usable.size() - 1).total(),
        (int) maxX);
  }
}
