package dev.restyle.spark;

import ai.djl.Device;
import dev.restyle.image.ImageLimits;
import dev.restyle.metrics.MetricsRow;
import dev.restyle.model.Vgg19;
import dev.restyle.model.WeightsSource;
import dev.restyle.params.StyleParams;
import dev.restyle.storage.InputFile;
import dev.restyle.storage.InputPolicy;
import dev.restyle.storage.OutputWriteException;
import dev.restyle.storage.Storage;
import dev.restyle.support.ErrorClass;
import dev.restyle.support.ProcessMemory;
import dev.restyle.transfer.BatchSeat;
import dev.restyle.transfer.PairBatch;
import dev.restyle.transfer.PairInput;
import dev.restyle.transfer.PairDeadline;
import dev.restyle.transfer.PairOptimizer;
import dev.restyle.transfer.PairResult;
import dev.restyle.transfer.ProgressListener;
import dev.restyle.transfer.ProgressPictures;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.hadoop.fs.Path;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the planned pairs of one partition, lazily: each becomes a metrics row. A pair that fails becomes a
 * FAILED row with its reason, and the partition goes on. The image is written before its row is emitted, so
 * a SUCCEEDED row always points at a complete image.
 *
 * <p>With {@code --batch-pairs N} above 1, consecutive pairs that can share their network passes
 * ({@link PairGroups}) run as one {@link PairBatch}: each on a thread of its own, its rows emitted in plan order
 * once the whole group has ended.
 */
public final class PairTask implements MapPartitionsFunction<Row, Row> {

  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger("dev.restyle.pair");

  private final JobConfig.Output output;
  private final WeightsSource weights;
  private final HadoopConf hadoopConf;
  private final JobConfig.Limits limits;
  private final InputPolicy inputs;
  private final JobProgress progress;
  private final DeviceChoice deviceChoice;
  private final BatchPairs batchPairs;

  PairTask(JobConfig.Output output, WeightsSource weights, HadoopConf hadoopConf, JobConfig.Limits limits,
      InputPolicy inputs, JobProgress progress, DeviceChoice deviceChoice) {
    this(output, weights, hadoopConf, limits, inputs, progress, deviceChoice, BatchPairs.ALONE);
  }

  PairTask(JobConfig.Output output, WeightsSource weights, HadoopConf hadoopConf, JobConfig.Limits limits,
      InputPolicy inputs, JobProgress progress, DeviceChoice deviceChoice, BatchPairs batchPairs) {
    this.output = output;
    this.weights = weights;
    this.hadoopConf = hadoopConf;
    this.limits = limits;
    this.inputs = inputs;
    this.progress = progress;
    this.deviceChoice = deviceChoice;
    this.batchPairs = batchPairs;
  }

  @Override
  public Iterator<Row> call(Iterator<Row> planned) {
    // Once per partition and before any pair: a device that cannot run the model fails the task (and so the
    // run), rather than every pair one by one.
    Device device = DeviceSelector.forCurrentTask(deviceChoice);
    InflightMarkers markers = markers();
    TaskContext context = TaskContext.get(); // thread-local: the pairs of a batch run on threads of their own
    PairGroups groups = new PairGroups(planned, batchPairs.on(device), batchPairs.memoryBytes());
    return new Iterator<>() {
      private Iterator<Row> group = java.util.Collections.emptyIterator();
      private int groupNumber;

      @Override
      public boolean hasNext() {
        return group.hasNext() || groups.hasNext();
      }

      @Override
      public Row next() {
        if (!group.hasNext()) {
          group = runGroup(groups.next(), device, markers, context, groupNumber++).iterator();
        }
        return group.next();
      }
    };
  }

  private List<Row> runGroup(List<PlannedPair> group, Device device, InflightMarkers markers, TaskContext context,
      int groupNumber) {
    if (group.size() == 1) {
      return List.of(runOne(group.get(0), device, markers, context, BatchSeat.NONE, null));
    }
    PairBatch batch = new PairBatch(group.size());
    String batchId = batchId(context, groupNumber);
    List<Callable<Row>> pairs = new ArrayList<>();
    for (PlannedPair pair : group) {
      BatchSeat seat = batch.seat();
      pairs.add(() -> runOne(pair, device, markers, context, seat, batchId));
    }
    return BatchThreads.runAll(pairs);
  }

  /** Unique within the run: the task's stage and partition, its attempt, and the group's number in it. */
  private static String batchId(TaskContext context, int groupNumber) {
    return context == null ? "local-" + groupNumber
        : String.format("s%d.%d-p%d-a%d-g%d", context.stageId(), context.stageAttemptNumber(), context.partitionId(),
            context.attemptNumber(), groupNumber);
  }

  private Row runOne(PlannedPair pair, Device device, InflightMarkers markers, TaskContext context, BatchSeat seat,
      String batchId) {
    MetricsRow row;
    try {
      row = pair.failed() || markers == null ? run(pair, device, context, seat)
          : runMarked(pair, device, markers, context, seat);
    } finally {
      seat.leave(); // whatever happened, its partners must not wait for it
    }
    int stacked = seat.largestPass();
    Row emitted = row.batch(stacked, stacked > 1 ? batchId : null).toRow();
    PairObserver.installed().forEach(observer -> observer.pairFinished(pair.pairId()));
    return emitted;
  }

  /**
   * Runs a pair between its in-flight marker's creation and removal; a pair that earlier attempts died in
   * twice is not run a third time but recorded as EXECUTOR_LOST, so one poison pair cannot abort the run.
   */
  private MetricsRow runMarked(PlannedPair pair, Device device, InflightMarkers markers, TaskContext context,
      BatchSeat seat) {
    // The first attempt of the first stage attempt cannot follow an attempt that died: it skips the listing,
    // one file-system request per pair (on object stores, a paid one) that only retries need.
    List<Path> leftBehind = context.attemptNumber() == 0 && context.stageAttemptNumber() == 0 ? List.of()
        : markers.leftBehind(pair.pairId());
    if (leftBehind.size() >= InflightMarkers.DEATHS_BEFORE_GIVING_UP) {
      return failed(pair, newRow(pair), Instant.now(), ErrorClass.EXECUTOR_LOST, String.format("the executor running "
          + "this pair died %d times while running it (killed by the OS or the resource manager, or a native "
          + "crash), so it was not tried again; a rerun with --skip-done skips it unless --retry-lost is given",
          leftBehind.size()), null, context);
    }
    markers.started(pair.pairId(), context.taskAttemptId());
    PairObserver.installed().forEach(observer -> observer.pairStarting(pair.pairId()));
    try {
      return run(pair, device, context, seat);
    } finally {
      markers.finished(pair.pairId(), context.taskAttemptId(), leftBehind);
    }
  }

  /** The in-flight markers of this run and application; null outside a Spark task. */
  private InflightMarkers markers() {
    SparkEnv env = SparkEnv.get();
    if (TaskContext.get() == null || env == null) {
      return null;
    }
    return new InflightMarkers(output.metricsDir(), output.runId(), env.conf().getAppId(), hadoopConf.get());
  }

  /** The pair's row, before it knows how the pair ended. */
  private MetricsRow newRow(PlannedPair pair) {
    return MetricsRow.of(output.runId(), pair.pairId(), pair.contentUri(), pair.styleUri())
        .params(pair.paramsJson(), pair.paramsHash());
  }

  /** One pair alone, outside a Spark task. */
  MetricsRow run(PlannedPair pair, Device target) {
    return run(pair, target, TaskContext.get(), BatchSeat.NONE);
  }

  /** @param seat left however the pair ends, also before it is optimized */
  private MetricsRow run(PlannedPair pair, Device target, TaskContext context, BatchSeat seat) {
    try {
      return runSeated(pair, target, context, seat);
    } finally {
      seat.leave();
    }
  }

  private MetricsRow runSeated(PlannedPair pair, Device target, TaskContext context, BatchSeat seat) {
    Instant started = Instant.now();
    MetricsRow row = newRow(pair);
    if (pair.failed()) {
      return failed(pair, row, started, pair.errorClass(), pair.errorMessage(), null, context);
    }
    String device = "cpu";
    try {
      // Planning refused what it could; checked again right before the fetch, on the host that fetches, so
      // a name is resolved where it is used (and the JVM's DNS cache keeps that answer for the fetch).
      List<String> styleUris = PairPlanner.styleUris(pair.styleUri());
      StyleParams params = StyleParams.fromJson(pair.paramsJson());
      List<String> maskUris = params.styleMaskUris(styleUris.size());
      inputs.require(pair.contentUri());
      for (String uri : styleUris) {
        inputs.require(uri);
      }
      for (String uri : maskUris) {
        inputs.require(uri);
      }
      if (!params.initUri().isEmpty()) {
        inputs.require(params.initUri());
      }
      device = target.toString();
      long loadStart = System.nanoTime();
      Vgg19 model = ExecutorRuntime.model(weights, hadoopConf.get(), target, params.pooling(),
          params.losses().deepestLayer());
      long modelLoadMs = (System.nanoTime() - loadStart) / 1_000_000;

      Storage storage = new Storage(hadoopConf.get());
      List<InputFile> styleFiles = new ArrayList<>();
      List<PairInput.Style> styles = new ArrayList<>();
      for (int i = 0; i < styleUris.size(); i++) {
        String styleUri = styleUris.get(i);
        InputFile style = storage.input(styleUri, limits.maxInputBytes());
        styleFiles.add(style);
        PairInput.Mask mask = maskUris.isEmpty() ? null
            : new PairInput.Mask(maskUris.get(i), storage.readCapped(maskUris.get(i), limits.maxInputBytes()));
        // Fetched only if its targets are not in this executor's cache: the version is known from the HEAD.
        styles.add(new PairInput.Style(styleUri, style.version() == null ? null : styleUri + "@" + style.version(),
            style::read, mask));
      }
      InputFile content = storage.input(pair.contentUri(), limits.maxInputBytes());
      row.inputVersions(InputVersions.of(content, styleFiles));
      PairInput input = new PairInput(pair.contentUri(), content.read(), styles);
      if (!params.initUri().isEmpty()) {
        input = input.withInit(params.initUri(), readInit(storage, params.initUri()));
      }
      PairOptimizer optimizer = new PairOptimizer(model, new ImageLimits(limits.maxInputPixels(), 1),
          ExecutorRuntime.styleCache(target, limits.styleCacheBytes()));
      ImageSink sink = new ImageSink(output, storage);
      PairResult result = optimizer.optimize(input, params, limits.pairTimeoutMillis() > 0
          ? new PairDeadline(limits.pairTimeoutMillis()) : ProgressListener.NONE, progressPictures(sink, pair, params),
          seat);

      Path image = sink.pathFor(pair.pairId(), result.format().extension());
      sink.write(image, result.image());
      progress.succeeded();
      LOG.info("pair {} SUCCEEDED total_loss={} in {} s{}", pair.pairId(), result.last().total(),
          String.format("%.1f", result.wallMillis() / 1000.0), rssField());
      return row.succeeded(image.toString()).model(model.weightsId(), modelLoadMs).result(result)
          .execution(device, executorId(), host(), attempt(context)).timing(started, Instant.now());
    } catch (Exception | OutOfMemoryError e) {
      ErrorClass errorClass = ErrorClass.of(e);
      String message = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
      if (errorClass == ErrorClass.INTERNAL) {
        LOG.warn("pair {} failed unexpectedly", pair.pairId(), e);
      }
      return failed(pair, row, started, errorClass, message, device, context);
    }
  }

  /** Writes the pictures of save_every under the run's _progress folder, each whole or not at all. */
  private static ProgressPictures progressPictures(ImageSink sink, PlannedPair pair, StyleParams params) {
    if (params.saveEvery() == 0) {
      return ProgressPictures.NONE;
    }
    return (iteration, encoded) -> {
      try {
        sink.write(sink.progressPathFor(pair.pairId(), ProgressPictures.name(iteration, params.iterations()),
            params.outputFormat().extension()), encoded);
      } catch (OutputWriteException e) {
        throw new java.io.UncheckedIOException(e.getMessage(), e); // the cause says OUTPUT_FAILED
      }
    };
  }

  /** The init picture's bytes; a missing one is named as the init image, so the row says which input. */
  private byte[] readInit(Storage storage, String uri) throws java.io.IOException {
    try {
      return storage.readCapped(uri, limits.maxInputBytes());
    } catch (java.io.FileNotFoundException e) {
      throw new java.io.FileNotFoundException("init image " + e.getMessage());
    }
  }

  private MetricsRow failed(PlannedPair pair, MetricsRow row, Instant started, ErrorClass errorClass,
      String message, String device, TaskContext context) {
    progress.failed();
    LOG.info("pair {} FAILED {}: {}", pair.pairId(), errorClass, message);
    return row.failed(errorClass, message).execution(device, executorId(), host(), attempt(context))
        .timing(started, Instant.now());
  }

  /** " rss=1234MiB", the resident memory that counts native tensors; empty where /proc is absent. */
  private static String rssField() {
    long rss = ProcessMemory.currentRssMiB();
    return rss < 0 ? "" : " rss=" + rss + "MiB";
  }

  private static String executorId() {
    SparkEnv env = SparkEnv.get();
    return env == null ? null : env.executorId();
  }

  private static String host() {
    return Host.NAME;
  }

  /** The host's name, looked up once per JVM: a lookup may ask a name server, and every row records it. */
  private static final class Host {
    private static final String NAME = lookUp();

    private static String lookUp() {
      try {
        return java.net.InetAddress.getLocalHost().getHostName();
      } catch (java.net.UnknownHostException e) {
        return null;
      }
    }
  }

  private static Integer attempt(TaskContext task) {
    return task == null ? null : task.attemptNumber();
  }
}
