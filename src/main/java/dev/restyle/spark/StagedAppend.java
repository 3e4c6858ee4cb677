package dev.restyle.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

/**
 * Appends one wave's metrics rows to {@code <metrics>/run_id=<run>/} through a staging folder of the wave's
 * own, {@code <metrics>/_staging/<run>/<uuid>/}, whose finished files are then moved in one by one.
 *
 * <p>Why not Spark's append straight into the table: its commit protocol stages under one
 * {@code <metrics>/_temporary} shared by every writer of that folder. A driver killed during a job commit
 * leaves task output there, and the next run's commit publishes it, next to the rows that run makes for the
 * same pairs; and two runs at once delete each other's staging. Here no writer ever touches another's
 * staging folder, a published file is always whole, and a wave cut off half-way leaves its unpublished rows
 * only in staging, which readers skip (a folder starting with {@code _}) and no one publishes later, so a
 * rerun redoes exactly those pairs.
 */
final class StagedAppend {

  static final String STAGING = "_staging";

  private StagedAppend() {}

  static void append(Dataset<Row> rows, String metricsDir, String runId, Configuration hadoop) {
    Path staging = new Path(new Path(new Path(metricsDir, STAGING), runId), UUID.randomUUID().toString());
    rows.write().mode(SaveMode.ErrorIfExists).partitionBy("run_id").parquet(staging.toString());
    try {
      FileSystem fs = staging.getFileSystem(hadoop);
      Path partition = new Path(metricsDir, "run_id=" + runId);
      fs.mkdirs(partition);
      for (FileStatus file : fs.listStatus(new Path(staging, "run_id=" + runId))) {
        String name = file.getPath().getName();
        if (file.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
          Path target = new Path(partition, name); // part-…-<write job uuid>…: unique
          if (!fs.rename(file.getPath(), target)) {
            throw new IOException("could not move " + file.getPath() + " to " + target);
          }
        }
      }
      fs.delete(staging, true);
    } catch (IOException e) {
      throw new UncheckedIOException("publishing the metrics of run " + runId + " from " + staging, e);
    }
  }
}
