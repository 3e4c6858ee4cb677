package dev.restyle.spark;

import dev.restyle.model.WeightsSource;
import dev.restyle.params.StyleParams;
import dev.restyle.storage.InputPolicy;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * Everything a run is told, typed and validated once by the command line that made it ({@code restyle
 * run} or spark-submit's entry point), in groups: what to read, where to write, which weights, the
 * job-wide parameters, the limits, how to execute, and Spark's own settings. Serializable, because
 * tasks carry the groups they need to the executors.
 *
 * @param weightsExplained the launcher already told the user which weights are used and why, so the job
 *     does not warn about random weights a second time
 */
public record JobConfig(
    CatalogSource catalog,
    Inputs inputs,
    Output output,
    WeightsSource weights,
    StyleParams params,
    Limits limits,
    Execution execution,
    SparkOptions spark,
    boolean weightsExplained) implements Serializable {

  /** Where the pairs come from. */
  public sealed interface CatalogSource extends Serializable {

    /** A CSV (with header), JSON Lines or Parquet manifest; relative URIs resolve against its directory. */
    record Manifest(String uri) implements CatalogSource {}

    /** Every content with every style ({@link Pairing#CROSS}), or the i-th with the i-th ({@link Pairing#ZIP}). */
    record Globs(String contentGlob, String styleGlob, Pairing pairing) implements CatalogSource {}
  }

  /**
   * What the pairs may read, beyond the catalog itself (which is the operator's, as are the weights).
   *
   * @param allowedPrefixes {@code --allow-input-prefix}: when given, inputs are read only under these;
   *     when empty, from the storage schemes ({@code dev.restyle.storage.InputPolicy})
   */
  public record Inputs(List<String> allowedPrefixes) implements Serializable {

    public Inputs {
      allowedPrefixes = List.copyOf(allowedPrefixes);
      for (String prefix : allowedPrefixes) {
        try {
          InputPolicy.checkPrefix(prefix);
        } catch (IllegalArgumentException e) {
          throw new JobConfigException(e.getMessage());
        }
      }
    }
  }

  public enum Pairing {
    CROSS,
    ZIP
  }

  /** @param runId names the run in keys and metrics; safe as one path segment */
  public record Output(String uri, String runId) implements Serializable {

    public String metricsDir() {
      return uri.replaceAll("/+$", "") + "/metrics";
    }
  }

  /**
   * @param maxInputPixels refuse images whose header declares more
   * @param maxInputBytes refuse image files larger than this
   * @param styleCacheBytes style-target cache per executor and device
   * @param maxFailedFraction the run succeeds while failed/all is at most this
   * @param maxPairMemoryBytes refuse pairs estimated to need more; 0: {@link PairMemoryBudget#auto}
   * @param pairTimeoutMillis stop a pair that runs longer; 0: no limit
   */
  public record Limits(long maxInputPixels, long maxInputBytes, long styleCacheBytes, double maxFailedFraction,
      long maxPairMemoryBytes, long pairTimeoutMillis) implements Serializable {}

  /**
   * @param partitions Spark partitions per wave; 0 picks 2 × default parallelism
   * @param commitEvery pairs per wave, each wave one metrics commit; 0 picks max(64, 8 × default parallelism)
   * @param skipDone skip pairs that already have a SUCCEEDED row for this run id and the same parameters, and
   *     reuse the outputs of earlier runs for the same inputs, versions, parameters and weights (REUSED rows)
   * @param dryRun plan and report, but run no pair and write nothing
   * @param device the GPU Spark assigns, or the CPU whatever Spark assigns
   * @param retryLost with skipDone, run again the pairs whose executor died twice while running them
   * @param recompute run every pair, whatever this run or earlier runs have done: wins over skipDone
   * @param batchPairs pairs a task optimizes together on its device; 0 picks the device's default
   *     ({@link BatchPairs})
   */
  public record Execution(int partitions, long commitEvery, boolean skipDone, boolean dryRun, DeviceChoice device,
      boolean retryLost, boolean recompute, int batchPairs)
      implements Serializable {

    /** Every pair alone on CPUs, the GPU default on GPUs. */
    public Execution(int partitions, long commitEvery, boolean skipDone, boolean dryRun, DeviceChoice device,
        boolean retryLost, boolean recompute) {
      this(partitions, commitEvery, skipDone, dryRun, device, retryLost, recompute, 0);
    }
  }

  /**
   * Spark's own settings. Values of the keys {@link SensitiveSettings} declares secret are never printed.
   *
   * @param master the master URL for an embedded session; null under spark-submit
   */
  public record SparkOptions(String master, Map<String, String> conf) implements Serializable {

    public SparkOptions {
      conf = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(conf)); // printed as given
    }
  }

  /** The configuration as printed at start: secrets redacted, whatever their source. */
  public String describe() {
    StringBuilder out = new StringBuilder("restyle run ").append(output.runId()).append('\n');
    line(out, "pairs", catalog instanceof CatalogSource.Manifest manifest ? manifest.uri() : globs());
    inputs.allowedPrefixes().forEach(prefix -> line(out, "allow-input-prefix", prefix));
    line(out, "output", output.uri());
    line(out, "weights", weights.spec());
    line(out, "skip-done", Boolean.toString(execution.skipDone() && !execution.recompute()));
    if (execution.recompute()) {
      line(out, "recompute", "true");
    }
    line(out, "max-failed-fraction", Double.toString(limits.maxFailedFraction()));
    params.given().forEach((name, value) -> line(out, name, value));
    spark.conf().forEach((k, v) -> line(out, "conf " + k, SensitiveSettings.redact(k, v)));
    return out.toString();
  }

  private String globs() {
    CatalogSource.Globs globs = (CatalogSource.Globs) catalog;
    return "--content " + globs.contentGlob() + " --style " + globs.styleGlob() + " --mode "
        + globs.pairing().name().toLowerCase(java.util.Locale.ROOT);
  }

  private static void line(StringBuilder out, String key, String value) {
    out.append(String.format("  %-22s %s%n", key, value));
  }
}
