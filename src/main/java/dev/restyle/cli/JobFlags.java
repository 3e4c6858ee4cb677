package dev.restyle.cli;

import dev.restyle.params.ParamDef;
import dev.restyle.spark.DeviceChoice;
import dev.restyle.spark.JobConfig;
import java.util.List;

/**
 * The job's own numeric and choice flags, as {@link ParamDef}s like the style parameters, so they parse,
 * check their range and describe themselves the same way.
 */
final class JobFlags {

  static final ParamDef<JobConfig.Pairing> MODE = ParamDef.choice("mode", JobConfig.Pairing.CROSS,
      "Pairing of --content and --style: every content with every style, or the i-th with the i-th.");
  static final ParamDef<Double> MAX_FAILED_FRACTION = ParamDef.decimal("max_failed_fraction", 0, 0, 1,
      "Exit 0 while failed/all is at most this.");
  static final ParamDef<Long> PARTITIONS = ParamDef.count("partitions", 0, 0, 1_000_000,
      "Spark partitions per wave; 0: 2 × default parallelism.");
  static final ParamDef<Long> MAX_INPUT_PIXELS = ParamDef.count("max_input_pixels", 100_000_000L, 1,
      1_000_000_000_000L, "Refuse images whose header declares more pixels.");
  static final ParamDef<Long> MAX_INPUT_BYTES = ParamDef.count("max_input_bytes", 268_435_456L, 1,
      1_000_000_000_000L, "Refuse image files larger than this.");
  static final ParamDef<Long> STYLE_CACHE_MB = ParamDef.count("style_cache_mb", 256, 0, 1_000_000,
      "Style-target cache per executor and device, in MiB.");
  static final ParamDef<Long> COMMIT_EVERY = ParamDef.count("commit_every", 0, 0, 1_000_000_000L,
      "Commit metrics every N pairs, so a killed run keeps its finished work; 0: waves of max(64, 8 × default "
          + "parallelism) pairs, as many to a commit as make it last about a minute.");

  static final ParamDef<DeviceChoice> DEVICE = ParamDef.choice("device", DeviceChoice.AUTO,
      "auto: the GPU Spark assigns to each task (spark.task.resource.gpu.amount), else the CPU; cpu: the CPU "
          + "whatever Spark assigns.");

  static final ParamDef<Long> BATCH_PAIRS = ParamDef.count("batch_pairs", 0, 0, 64,
      "Pairs a task optimizes together, one network pass over all of them per iteration, each with its own "
          + "optimizer and result; pairs of one size and network meet in a task. 0: auto, 1 on a CPU, 4 on a GPU. "
          + "Tiled and multi-scale pairs run alone.");

  static final List<ParamDef<?>> ALL = List.of(MODE, MAX_FAILED_FRACTION, PARTITIONS, MAX_INPUT_PIXELS,
      MAX_INPUT_BYTES, STYLE_CACHE_MB, COMMIT_EVERY, DEVICE, BATCH_PAIRS);

  private JobFlags() {}
}
