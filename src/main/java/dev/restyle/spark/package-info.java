/**
 * The batch job on Spark: a typed {@link dev.restyle.spark.JobConfig}, the catalog, planning (one typed
 * merge of a row's overrides), the outputs earlier runs made ({@link dev.restyle.spark.ReusedOutputs}, by
 * {@link dev.restyle.spark.InputVersions}), waves of tasks, each committed through its own staging folder, the
 * compaction of a run's metrics files at its end, the executor runtime (one VGG19 per JVM and device), the
 * per-partition task and the image sink.
 *
 * <p>May import metrics, storage, transfer, params, model, image and support. Knows nothing of command
 * lines or reports.
 */
package dev.restyle.spark;
