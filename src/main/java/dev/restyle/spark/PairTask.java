package dev.restyle.spark;

import ai.djl.Device;
import dev.restyle.image.ImageLimits;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.transfer.HistoryPoint;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.ProgressListener;
import dev.restyle.transfer.StyleParams;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Runs the planned pairs of one partition, one at a time, lazily: each becomes a metrics row. A pair that
 * fails becomes a FAILED row with its reason, and the partition goes on. The image is written before
 * its row is emitted, so a SUCCEEDED row always points at a complete image.
 */
public final class PairTask implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger("dev.restyle.pair");

  private final JobSettings settings;
  private final JobProgress progress;

  public PairTask(JobSettings settings, JobProgress progress) {
    this.settings = settings;
    this.progress = progress;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> planned) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return planned.hasNext();
      }

      @Override
      public Row next() {
        Row row = run(PlannedPair.fromRow(planned.next()));
        FailureInjection.maybeFailFirstAttempt(settings.failOnceMarkerDir());
        return row;
      }
    };
  }

  Row run(PlannedPair pair) {
    Instant started = Instant.now();
    if (pair.failed()) {
      return failed(pair, started, pair.errorClass(), pair.errorMessage(), null);
    }
    String device = "cpu";
    try {
      StyleParams params = StyleParams.of(ParamsJson.parse(pair.givenParamsJson()));
      Device target = DeviceSelector.forCurrentTask();
      device = target.toString();
      List<String> layers = new ArrayList<>(params.styleLayers());
      layers.add(params.contentLayer());
      long loadStart = System.nanoTime();
      Vgg19 model = ExecutorRuntime.model(settings.weightsSpec(), settings.hadoopConf().get(), target,
          params.pooling(), Vgg19Architecture.deepest(layers));
      long modelLoadMs = (System.nanoTime() - loadStart) / 1_000_000;

      InputReader reader = new InputReader(settings.hadoopConf().get(), settings.maxInputBytes());
      List<PairInput.Style> styles = new ArrayList<>();
      for (String styleUri : PairPlanner.styleUris(pair.styleUri())) {
        styles.add(new PairInput.Style(styleUri, reader.read(styleUri)));
      }
      PairInput input = new PairInput(pair.contentUri(), reader.read(pair.contentUri()), styles);
      PairOptimizer optimizer = new PairOptimizer(model, new ImageLimits(settings.maxInputPixels(), 1),
          ExecutorRuntime.styleCache(target, settings.styleCacheBytes()));
      PairResult result = optimizer.optimize(input, params, ProgressListener.NONE);

      ImageSink sink = new ImageSink(settings.output(), settings.runId(), settings.hadoopConf().get());
      Path output = sink.pathFor(pair.pairId(), result.format().extension());
      sink.write(output, result.image());
      progress.succeeded();
      LOG.info("pair {} SUCCEEDED total_loss={} in {} s{}", pair.pairId(), result.last().total(),
          String.format("%.1f", result.wallMillis() / 1000.0), rssField());
      return succeeded(pair, started, output.toString(), model.weightsId(), device, modelLoadMs, result);
    } catch (Exception | OutOfMemoryError e) {
      ErrorClass errorClass = ErrorClass.of(e);
      String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      if (errorClass == ErrorClass.INTERNAL) {
        LOG.warn("pair {} failed unexpectedly", pair.pairId(), e);
      }
      return failed(pair, started, errorClass.name(), message, device);
    }
  }

  private Row failed(PlannedPair pair, Instant started, String errorClass, String message, String device) {
    progress.failed();
    LOG.info("pair {} FAILED {}: {}", pair.pairId(), errorClass, message);
    Instant finished = Instant.now();
    return RowFactory.create(settings.runId(), pair.pairId(), pair.contentUri(), pair.styleUri(), null,
        MetricsSchema.FAILED, errorClass, message, pair.paramsJson(), pair.paramsHash(), null, null, null, null,
        null, null, null, null, null, null, null, CollectionConverters.asScala(List.<Row>of()).toSeq(), null,
        device, executorId(), host(), attempt(), Timestamp.from(started), Timestamp.from(finished),
        finished.toEpochMilli() - started.toEpochMilli(), null, null);
  }

  private Row succeeded(PlannedPair pair, Instant started, String output, String weightsId, String device,
      long modelLoadMs, PairResult r) {
    List<Row> history = new ArrayList<>();
    for (HistoryPoint point : r.history()) {
      history.add(RowFactory.create(point.iteration(), point.scale(), point.losses().content(), point.losses().style(),
          point.losses().tv(), point.losses().total()));
    }
    Instant finished = Instant.now();
    return RowFactory.create(settings.runId(), pair.pairId(), pair.contentUri(), pair.styleUri(), output,
        MetricsSchema.SUCCEEDED, null, null, pair.paramsJson(), pair.paramsHash(), weightsId, r.width(),
        r.height(), r.iterationsDone(), r.last().content(), r.last().style(), r.last().tv(), r.last().total(),
        r.initial().content(), r.initial().style(), r.initial().total(),
        CollectionConverters.asScala(history).toSeq(), r.medianMillisPerIteration(), device, executorId(), host(),
        attempt(), Timestamp.from(started), Timestamp.from(finished),
        finished.toEpochMilli() - started.toEpochMilli(), modelLoadMs, r.styleCacheHit());
  }

  /**
   * " rss=1234MiB": this process's resident memory (VmRSS of /proc/self/status), which counts native
   * tensor memory the heap does not; empty where /proc is absent (not Linux).
   */
  static String rssField() {
    java.nio.file.Path status = java.nio.file.Path.of("/proc/self/status");
    try (java.io.BufferedReader in = java.nio.file.Files.newBufferedReader(status)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        if (line.startsWith("VmRSS:")) {
          long kib = Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").strip());
          return " rss=" + kib / 1024 + "MiB";
        }
      }
    } catch (java.io.IOException | RuntimeException e) {
      // No /proc (macOS, Windows) or an unexpected format: the field is left out.
    }
    return "";
  }

  private static String executorId() {
    SparkEnv env = SparkEnv.get();
    return env == null ? null : env.executorId();
  }

  private static String host() {
    try {
      return java.net.InetAddress.getLocalHost().getHostName();
    } catch (java.net.UnknownHostException e) {
      return null;
    }
  }

  private static Integer attempt() {
    TaskContext task = TaskContext.get();
    return task == null ? null : task.attemptNumber();
  }
}
