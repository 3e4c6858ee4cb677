package dev.restyle.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The report's HTML: a summary, one row per pair (thumbnails, loss curve, status, timings), the failures. */
final class ReportPage {

  private static final String STYLE = """
      body{font-family:system-ui,sans-serif;margin:24px;color:#222}
      h1{margin-bottom:4px} .muted{color:#888} table{border-collapse:collapse;width:100%}
      th,td{border-bottom:1px solid #eee;padding:6px;text-align:left;vertical-align:middle;font-size:13px}
      .thumb{width:128px;height:auto;display:block} .status-FAILED{color:#c0392b;font-weight:bold}
      .status-SUCCEEDED{color:#1e8449} table.summary{width:auto} .summary td{border:none;padding:2px 16px 2px 0}
      .uri{max-width:220px;overflow-wrap:anywhere;font-size:11px;color:#555}
      """;

  private ReportPage() {}

  static String render(String title, List<PairEntry> pairs, Function<String, Optional<String>> thumbnail) {
    StringBuilder html = new StringBuilder();
    html.append("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(title)).append("</title><style>").append(STYLE).append("</style></head><body>");
    html.append("<h1>").append(Html.escape(title)).append("</h1>");
    summary(html, pairs);
    html.append("<h2>Pairs</h2><table id=\"pairs\"><thead><tr><th>pair</th><th>content</th><th>style</th>")
        .append("<th>output</th><th>total loss</th><th>status</th><th>timings</th></tr></thead><tbody>");
    for (PairEntry pair : pairs) {
      row(html, pair, thumbnail);
    }
    html.append("</tbody></table>");
    failures(html, pairs);
    html.append("</body></html>\n");
    return html.toString();
  }

  private static void summary(StringBuilder html, List<PairEntry> pairs) {
    Map<String, Long> byStatus = pairs.stream()
        .collect(Collectors.groupingBy(PairEntry::status, TreeMap::new, Collectors.counting()));
    long started = pairs.stream().map(PairEntry::startedAt).filter(Objects::nonNull).mapToLong(t -> t.getTime())
        .min().orElse(0);
    long finished = pairs.stream().map(PairEntry::finishedAt).filter(Objects::nonNull).mapToLong(t -> t.getTime())
        .max().orElse(0);
    double hours = Math.max(finished - started, 1) / 3_600_000.0;
    html.append("<table class=\"summary\" id=\"summary\">");
    summaryRow(html, "pairs", pairs.size() + " (" + byStatus.entrySet().stream()
        .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", ")) + ")");
    summaryRow(html, "pairs per hour", String.format(Locale.ROOT, "%.0f", pairs.size() / hours));
    summaryRow(html, "runs", distinct(pairs, PairEntry::runId));
    summaryRow(html, "device", distinct(pairs, PairEntry::device));
    summaryRow(html, "weights", distinct(pairs, PairEntry::weightsId));
    html.append("</table>");
  }

  private static void row(StringBuilder html, PairEntry pair, Function<String, Optional<String>> thumbnail) {
    html.append("<tr data-pair-id=\"").append(Html.escape(pair.pairId())).append("\"><td>")
        .append(Html.escape(pair.pairId())).append("<div class=\"muted\">").append(Html.escape(pair.runId()))
        .append("</div></td>");
    for (String uri : new String[] {pair.contentUri(), pair.styleUri(), pair.outputUri()}) {
      html.append("<td>");
      Optional<String> image = thumbnail.apply(uri);
      if (image.isPresent()) {
        html.append("<img class=\"thumb\" alt=\"").append(Html.escape(uri)).append("\" src=\"")
            .append(image.get()).append("\">");
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
            .append(String.format(Locale.ROOT, "%.3f", pair.writtenLossRatio()));
      }
      html.append("</div>");
    }
    html.append("</td>");
    html.append("<td class=\"status-").append(Html.escape(pair.status())).append("\">")
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

  private static void failures(StringBuilder html, List<PairEntry> pairs) {
    List<PairEntry> failed = pairs.stream().filter(PairEntry::failed).toList();
    html.append("<h2>Failed pairs</h2>");
    if (failed.isEmpty()) {
      html.append("<p class=\"muted\">none</p>");
      return;
    }
    html.append("<table id=\"failures\"><thead><tr><th>pair</th><th>error class</th><th>reason</th></tr></thead><tbody>");
    for (PairEntry pair : failed) {
      html.append("<tr data-failed-pair-id=\"").append(Html.escape(pair.pairId())).append("\"><td>")
          .append(Html.escape(pair.pairId())).append("</td><td>").append(Html.escape(pair.errorClass()))
          .append("</td><td>").append(Html.escape(pair.errorMessage())).append("</td></tr>");
    }
    html.append("</tbody></table>");
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.4g", value);
  }

  private static void summaryRow(StringBuilder html, String label, String value) {
    html.append("<tr><td>").append(Html.escape(label)).append("</td><td>").append(Html.escape(value))
        .append("</td></tr>");
  }

  private static String distinct(List<PairEntry> pairs, Function<PairEntry, String> field) {
    String values = pairs.stream().map(field).filter(Objects::nonNull).distinct().sorted()
        .collect(Collectors.joining(", "));
    return values.isEmpty() ? "—" : values;
  }
}
