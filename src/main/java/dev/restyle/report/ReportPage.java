package dev.restyle.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The report's HTML from the sections Spark computed: the summary, the flagged pairs, the distributions,
 * the styles, the failures by error class and the gallery of a bounded sample. Its size depends on the
 * sections' bounds, not on the number of pairs.
 */
final class ReportPage {

  private static final String STYLE = """
      body{font-family:system-ui,sans-serif;margin:24px;color:#222}
      h1{margin-bottom:4px} .muted{color:#888} table{border-collapse:collapse;width:100%}
      th,td{border-bottom:1px solid #eee;padding:6px;text-align:left;vertical-align:middle;font-size:13px}
      .thumb{width:128px;height:auto;display:block} .status-FAILED{color:#c0392b;font-weight:bold}
      .status-SUCCEEDED{color:#1e8449} table.summary{width:auto} .summary td{border:none;padding:2px 16px 2px 0}
      .uri{max-width:220px;overflow-wrap:anywhere;font-size:11px;color:#555} .flag{color:#b9770e;font-weight:bold}
      .histograms{display:flex;flex-wrap:wrap;gap:16px} figure{margin:0} figcaption{font-size:12px;color:#555}
      tr.group td{background:#fbeee6;font-weight:bold} td.num,th.num{text-align:right}
      """;

  /** Everything the page shows; each part is bounded where it was computed. */
  record Content(String title, ReportSummary summary, FlaggedPairs flagged, List<Histogram> histograms,
      StyleTable styles, FailureGroups failures, List<PairEntry> gallery, Map<String, String> thumbnails) {}

  private ReportPage() {}

  static String render(Content content) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(content.title())).append("</title><style>").append(STYLE).append("</style></head><body>");
    html.append("<h1>").append(Html.escape(content.title())).append("</h1>");
    summary(html, content.summary());
    flagged(html, content.flagged(), content.summary().flagged());
    distributions(html, content.histograms());
    styles(html, content.styles(), content.summary().styles());
    failures(html, content.failures());
    gallery(html, content.gallery(), content.thumbnails(), content.summary().pairs());
    html.append("</body></html>\n");
    return html.toString();
  }

  private static void summary(StringBuilder html, ReportSummary summary) {
    html.append("<table class=\"summary\" id=\"summary\">");
    summaryRow(html, "pairs", summary.pairs() + " (" + summary.byStatus().entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")");
    summaryRow(html, "flagged pairs", String.valueOf(summary.flagged()));
    summaryRow(html, "pairs per hour", String.format(Locale.ROOT, "%.0f", summary.pairsPerHour()));
    summaryRow(html, "runs", named(summary.someRuns(), summary.runs()));
    summaryRow(html, "styles", String.valueOf(summary.styles()));
    summaryRow(html, "device", named(summary.devices(), summary.devices().size()));
    summaryRow(html, "weights", named(summary.weights(), summary.weights().size()));
    html.append("</table>");
  }

  private static void flagged(StringBuilder html, FlaggedPairs flagged, long total) {
    html.append("<h2>Flagged pairs</h2><section id=\"flagged\">");
    if (flagged.byFlag().isEmpty()) {
      html.append("<p class=\"muted\">none</p></section>");
      return;
    }
    html.append("<ul id=\"flag-counts\">");
    flagged.byFlag().forEach((flag, pairs) -> html.append("<li data-flag=\"").append(Html.escape(flag))
        .append("\" data-pairs=\"").append(pairs).append("\"><span class=\"flag\">").append(Html.escape(flag))
        .append("</span>: ").append(pairs).append(pairs == 1 ? " pair" : " pairs").append("</li>"));
    html.append("</ul>");
    if (total > flagged.shown().size()) {
      html.append("<p class=\"muted\">the ").append(flagged.shown().size()).append(" most flagged of ").append(total)
          .append("</p>");
    }
    html.append("<table id=\"flagged-pairs\"><thead><tr><th>pair</th><th>style</th><th>flags</th>")
        .append("<th class=\"num\">final / initial</th><th class=\"num\">content SSIM</th>")
        .append("<th class=\"num\">written / last</th><th class=\"num\">last iterate</th>")
        .append("<th class=\"num\">written</th></tr></thead><tbody>");
    for (FlaggedPairs.Line line : flagged.shown()) {
      html.append("<tr data-flagged-pair-id=\"").append(Html.escape(line.pairId())).append("\"><td>")
          .append(Html.escape(line.pairId())).append("<div class=\"muted\">").append(Html.escape(line.runId()))
          .append("</div></td><td class=\"uri\">").append(Html.escape(line.styleUri())).append("</td><td class=\"flag\">")
          .append(Html.escape(String.join(", ", line.flags()))).append("</td>");
      for (Double value : new Double[] {line.ratio(), line.contentSsim(), line.writtenLossRatio(),
          line.lastIterateTotalLoss(), line.totalLoss()}) {
        html.append("<td class=\"num\">").append(number(value)).append("</td>");
      }
      html.append("</tr>");
    }
    html.append("</tbody></table></section>");
  }

  private static void distributions(StringBuilder html, List<Histogram> histograms) {
    html.append("<h2>Distributions</h2><p class=\"muted\">succeeded pairs; losses and ratios on a log axis</p>")
        .append("<div class=\"histograms\" id=\"distributions\">");
    for (Histogram histogram : histograms) {
      html.append("<figure>").append(HistogramSvg.of(histogram)).append("<figcaption>")
          .append(Html.escape(histogram.metric().title)).append(": ").append(histogram.total()).append(" pairs");
      if (histogram.leftOut() > 0) {
        html.append(", ").append(histogram.leftOut()).append(" without a value");
      }
      html.append("</figcaption></figure>");
    }
    html.append("</div>");
  }

  private static void styles(StringBuilder html, StyleTable styles, long total) {
    html.append("<h2>Styles</h2>");
    if (total > styles.lines().size()) {
      html.append("<p class=\"muted\">the ").append(styles.lines().size()).append(" styles with the most pairs, of ")
          .append(total).append("</p>");
    }
    html.append("<table id=\"styles\"><thead><tr><th>style</th><th class=\"num\">pairs</th>")
        .append("<th class=\"num\">failed</th><th class=\"num\">flagged</th><th class=\"num\">median total loss</th>")
        .append("<th class=\"num\">median style loss</th><th class=\"num\">median final / initial</th>")
        .append("<th class=\"num\">median content SSIM</th><th class=\"num\">median seconds</th></tr></thead><tbody>");
    for (StyleTable.Line line : styles.lines()) {
      html.append("<tr data-style-uri=\"").append(Html.escape(line.styleUri())).append("\" data-pairs=\"")
          .append(line.pairs()).append("\" data-failed=\"").append(line.failed()).append("\" data-flagged=\"")
          .append(line.flagged()).append("\"><td class=\"uri\">").append(Html.escape(line.styleUri()))
          .append("</td><td class=\"num\">").append(line.pairs()).append("</td><td class=\"num\">").append(line.failed())
          .append("</td><td class=\"num\">").append(line.flagged()).append("</td>");
      for (Double value : new Double[] {line.medianTotalLoss(), line.medianStyleLoss(), line.medianRatio(),
          line.medianContentSsim()}) {
        html.append("<td class=\"num\">").append(number(value)).append("</td>");
      }
      html.append("<td class=\"num\">").append(line.medianDurationMs() == null ? "—"
          : String.format(Locale.ROOT, "%.1f", line.medianDurationMs() / 1000.0)).append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private static void failures(StringBuilder html, FailureGroups failures) {
    html.append("<h2>Failed pairs</h2>");
    if (failures.groups().isEmpty()) {
      html.append("<p class=\"muted\">none</p>");
      return;
    }
    html.append("<table id=\"failures\"><thead><tr><th>pair</th><th>error class</th><th>reason</th></tr></thead>")
        .append("<tbody>");
    for (FailureGroups.Group group : failures.groups()) {
      html.append("<tr class=\"group\" data-error-class=\"").append(Html.escape(group.errorClass()))
          .append("\" data-pairs=\"").append(group.pairs()).append("\"><td colspan=\"3\">")
          .append(Html.escape(group.errorClass())).append(": ").append(group.pairs())
          .append(group.pairs() == 1 ? " pair" : " pairs");
      if (group.pairs() > group.examples().size()) {
        html.append(", e.g.");
      }
      html.append("</td></tr>");
      for (FailureGroups.Example example : group.examples()) {
        html.append("<tr data-failed-pair-id=\"").append(Html.escape(example.pairId())).append("\"><td>")
            .append(Html.escape(example.pairId())).append("<div class=\"muted\">").append(Html.escape(example.runId()))
            .append("</div></td><td>").append(Html.escape(group.errorClass())).append("</td><td>")
            .append(Html.escape(example.message())).append("</td></tr>");
      }
    }
    html.append("</tbody></table>");
  }

  private static void gallery(StringBuilder html, List<PairEntry> gallery, Map<String, String> thumbnails,
      long pairs) {
    html.append("<h2>Gallery</h2><p class=\"muted\">");
    if (gallery.size() >= pairs) {
      html.append("every pair, flagged ones first");
    } else {
      html.append(gallery.size()).append(" of ").append(pairs).append(" pairs: the most flagged, the worst and the ")
          .append("best by final / initial loss, and a seeded random sample");
    }
    html.append("</p><table id=\"pairs\"><thead><tr><th>pair</th><th>content</th><th>style</th><th>output</th>")
        .append("<th>total loss</th><th>quality</th><th>status</th><th>timings</th></tr></thead><tbody>");
    for (PairEntry pair : gallery) {
      row(html, pair, thumbnails);
    }
    html.append("</tbody></table>");
  }

  private static void row(StringBuilder html, PairEntry pair, Map<String, String> thumbnails) {
    html.append("<tr data-pair-id=\"").append(Html.escape(pair.pairId())).append("\" data-reason=\"")
        .append(Html.escape(pair.reason())).append("\"><td>").append(Html.escape(pair.pairId()))
        .append("<div class=\"muted\">").append(Html.escape(pair.runId())).append("</div>");
    if (!pair.reason().isEmpty()) {
      html.append("<div class=\"muted\">").append(Html.escape(pair.reason())).append("</div>");
    }
    html.append("</td>");
    for (String uri : new String[] {pair.contentUri(), pair.styleUri(), pair.outputUri()}) {
      html.append("<td>");
      String image = uri == null ? null : thumbnails.get(uri);
      if (image != null) {
        html.append("<img class=\"thumb\" alt=\"").append(Html.escape(uri)).append("\" src=\"").append(image)
            .append("\">");
      } else {
        html.append("<span class=\"muted\">").append(uri == null ? "none" : "unreadable").append("</span>");
      }
      html.append("<div class=\"uri\">").append(Html.escape(uri)).append("</div></td>");
    }
    html.append("<td>").append(LossCurveSvg.of(pair.curve()));
    if (pair.totalLoss() != null) {
      // The written picture's loss, and the last iterate's, which runs before pixel_range lack.
      html.append("<div class=\"muted losses\">written ").append(number(pair.totalLoss()));
      if (pair.lastIterateTotalLoss() != null) {
        html.append(" · last iterate ").append(number(pair.lastIterateTotalLoss())).append(" · written/last ")
            .append(pair.writtenLossRatio() == null ? "—" : String.format(Locale.ROOT, "%.3f", pair.writtenLossRatio()));
      }
      html.append("</div>");
    }
    html.append("</td><td>");
    if (!pair.flags().isEmpty()) {
      html.append("<div class=\"flag\">").append(Html.escape(String.join(", ", pair.flags()))).append("</div>");
    }
    if (pair.ratio() != null) {
      html.append("<div>final / initial ").append(number(pair.ratio())).append("</div>");
    }
    if (pair.contentSsim() != null) {
      html.append("<div>content SSIM ").append(String.format(Locale.ROOT, "%.3f", pair.contentSsim())).append("</div>");
    }
    html.append("</td><td class=\"status-").append(Html.escape(pair.status())).append("\">")
        .append(Html.escape(pair.status())).append(pair.failed() ? "<div>" + Html.escape(pair.errorClass())
            + "</div>" : "").append("</td><td>");
    if (pair.durationMs() != null) {
      html.append(String.format(Locale.ROOT, "%.1f s", pair.durationMs() / 1000.0));
    }
    if (pair.iterations() != null) {
      html.append("<div class=\"muted\">").append(pair.iterations()).append(" iterations</div>");
    }
    html.append("</td></tr>");
  }

  private static String number(Double value) {
    return value == null ? "—" : String.format(Locale.ROOT, "%.4g", value);
  }

  private static void summaryRow(StringBuilder html, String label, String value) {
    html.append("<tr><td>").append(Html.escape(label)).append("</td><td>").append(Html.escape(value))
        .append("</td></tr>");
  }

  /** The first names and, past them, how many more. */
  private static String named(List<String> names, long total) {
    if (names.isEmpty()) {
      return "—";
    }
    String joined = String.join(", ", names);
    return total > names.size() ? joined + " and " + (total - names.size()) + " more" : joined;
  }
}
