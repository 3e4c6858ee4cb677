package dev.restyle.spark;

import java.io.Serializable;

/** What every task needs to know about the run; travels with the task closure. */
public record JobSettings(
    String runId,
    String output,
    String weightsSpec,
    HadoopConf hadoopConf,
    long maxInputPixels,
    long maxInputBytes,
    long styleCacheBytes,
    String failOnceMarkerDir) implements Serializable {}
