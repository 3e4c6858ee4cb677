package dev.restyle.cli;

import com.google.gson.GsonBuilder;
import dev.restyle.params.StyleParams;
import dev.restyle.transfer.HistoryPoint;
import dev.restyle.transfer.LossValues;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.QualityFlag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The {@code --json-out} document. {@code content}/{@code style}/{@code tv} unweighted, {@code total} weighted;
 * {@code final} is the written picture's, {@code last_iterate} the optimizer's last evaluation's.
 */
final class TransferReport {

  private TransferReport() {}

  static String json(PairResult result, StyleParams params, String weightsId) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("iterations_done", result.iterationsDone());
    doc.put("history", result.history().stream().map(TransferReport::point).collect(Collectors.toList()));
    doc.put("initial", losses(result.initial()));
    doc.put("final", losses(result.last()));
    doc.put("last_iterate", losses(result.lastIterate()));
    doc.put("written_loss_ratio", result.writtenLossRatio());
    doc.put("content_ssim", result.quality().contentSsim());
    doc.put("loss_ratio", result.lossRatio());
    doc.put("flags", result.flags().stream().map(QualityFlag::label).toList());
    doc.put("ms_per_iteration_median", result.medianMillisPerIteration());
    doc.put("wall_ms", result.wallMillis());
    doc.put("width", result.width());
    doc.put("height", result.height());
    doc.put("weights_id", weightsId);
    doc.put("content_orientation", result.contentOrientation().tag());
    doc.put("params", params.effective());
    return new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create().toJson(doc);
  }

  private static Map<String, Object> point(HistoryPoint point) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("iteration", point.iteration());
    map.put("scale", point.scale());
    map.putAll(losses(point.losses()));
    return map;
  }

  private static Map<String, Object> losses(LossValues losses) {
    Map<String, Object> map = new LinkedHashMap<>();
    map.put("content", losses.content());
    map.put("style", losses.style());
    map.put("tv", losses.tv());
    map.put("total", losses.total());
    return map;
  }

}
