package dev.restyle.spark;

import java.io.BufferedReader;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Keeps a run's metrics partition to a few whole files: at the end of a run, when {@code run_id=<run>/} holds
 * more than {@link #maxFiles} files for its rows, they are rewritten into files of about {@value #ROWS_PER_FILE}
 * rows. At most 8 files for up to 100,000 rows, then 8 more per 100,000.
 *
 * <p>Why compaction at the end rather than a table format or bigger waves: waves stay small, so a run killed
 * mid-way loses at most one wave; the files stay plain Parquet under the same folders, so every reader
 * (the views, {@code restyle sql}, the notebook, the report, Trino over the folder) keeps working unchanged,
 * and no table library joins the shaded jar (Apache Iceberg's Spark runtime for Spark 4.1, 1.12.0, is a
 * 46 MiB jar: a third more on Restyle's 130 MiB). Iceberg would give snapshot reads without the journal, but
 * every reader would have to go through its catalog.
 *
 * <p>How it stays whole for readers of the views, also across a crash. The files to merge are listed once;
 * their rows, without exact copies, are written to a staging folder of this compaction's own; a journal then
 * names the staged files and the files they replace, and only after it exists are the staged files moved in
 * and the replaced ones deleted. A reader therefore sees each row once or, for a moment, twice: never
 * missing. Twice is an exact copy, which both views drop ({@code restyle_attempts} is distinct rows). A
 * compaction cut off after its journal was written is finished by the next one ({@link #recover}); one cut
 * off before leaves only its staging folder, which readers skip. Rows published while it runs (another run
 * with the same id) are not in its list and stay as they are. Two compactions at once may both publish the
 * same rows; they are exact copies again, and the next compaction keeps one.
 */
final class RunCompaction {

  static final long ROWS_PER_FILE = 25_000;
  static final String JOURNALS = "_compaction";

  private final SparkSession spark;
  private final Configuration hadoop;
  private final Path metricsDir;
  private final String runId;
  private final Path partition;
  private final Path journals;

  RunCompaction(SparkSession spark, Configuration hadoop, String metricsDir, String runId) {
    this.spark = spark;
    this.hadoop = hadoop;
    this.metricsDir = new Path(metricsDir);
    this.runId = runId;
    this.partition = new Path(metricsDir, "run_id=" + runId);
    this.journals = new Path(new Path(metricsDir, JOURNALS), "run_id=" + runId);
  }

  /** The most files a partition of this many rows keeps without compaction. */
  static long maxFiles(long rows) {
    return 8 * Math.max(1, (rows + 99_999) / 100_000);
  }

  /** Files a compaction of this many rows writes. */
  static int filesFor(long rows) {
    return (int) Math.max(1, (rows + ROWS_PER_FILE - 1) / ROWS_PER_FILE);
  }

  /**
   * Finishes any compaction of this run that was cut off, then compacts the partition if it holds too many
   * files. Returns the files it holds at the end.
   */
  int compact() throws IOException {
    FileSystem fs = partition.getFileSystem(hadoop);
    recover(fs);
    Path journal = stage();
    if (journal != null) {
      finish(fs, journal);
    }
    return dataFiles(fs).size();
  }

  /**
   * The first half of a compaction: the listed files' rows written to staging, and the journal that names
   * them. Returns the journal, or null when the partition is within its bound. A test stops here, as a crash
   * would.
   */
  Path stage() throws IOException {
    FileSystem fs = partition.getFileSystem(hadoop);
    List<Path> files = dataFiles(fs);
    if (files.size() <= 8) { // within the bound whatever the rows: no need to count them
      return null;
    }
    Dataset<Row> rows = spark.read().option("mergeSchema", "true")
        .parquet(files.stream().map(Path::toString).toArray(String[]::new));
    long count = rows.count();
    if (files.size() <= maxFiles(count)) {
      return null;
    }
    String id = UUID.randomUUID().toString();
    Path staging = new Path(new Path(new Path(metricsDir, StagedAppend.STAGING), runId), "compaction-" + id);
    rows.distinct().repartition(filesFor(count)).write().mode(SaveMode.ErrorIfExists).parquet(staging.toString());
    Path journal = new Path(journals, id);
    writeJournal(fs, journal, staging, files);
    return journal;
  }

  /** Rolls forward every journal this run has: each names a complete staged compaction. */
  void recover(FileSystem fs) throws IOException {
    FileStatus[] entries;
    try {
      entries = fs.listStatus(journals);
    } catch (FileNotFoundException e) {
      return;
    }
    for (FileStatus entry : entries) {
      if (entry.isFile() && !entry.getPath().getName().startsWith(".")) {
        finish(fs, entry.getPath());
      }
    }
  }

  /**
   * Publishes a journal's staged files, deletes the files they replace, then the journal. Each step may have
   * been done already (by a compaction cut off, or by another run finishing the same journal).
   */
  private void finish(FileSystem fs, Path journal) throws IOException {
    List<String> lines = readJournal(fs, journal);
    if (lines == null) {
      return; // finished meanwhile by someone else
    }
    Path staging = new Path(lines.get(0));
    for (Path file : dataFiles(fs, staging)) {
      Path target = new Path(partition, file.getName()); // part-…-<write job uuid>…: unique
      if (!fs.rename(file, target) && !fs.exists(target)) {
        throw new IOException("could not move " + file + " to " + target);
      }
    }
    for (String replaced : lines.subList(1, lines.size())) {
      fs.delete(new Path(partition, replaced), false);
    }
    fs.delete(journal, false);
    fs.delete(staging, true);
  }

  private static void writeJournal(FileSystem fs, Path journal, Path staging, List<Path> replaced)
      throws IOException {
    StringBuilder text = new StringBuilder(staging.toString()).append('\n');
    replaced.forEach(file -> text.append(file.getName()).append('\n'));
    // Written aside and renamed, so that a journal that exists is whole.
    Path partial = new Path(journal.getParent(), "." + journal.getName() + ".partial");
    try (OutputStream out = fs.create(partial, false)) {
      out.write(text.toString().getBytes(StandardCharsets.UTF_8));
    }
    if (!fs.rename(partial, journal)) {
      throw new IOException("could not write the compaction journal " + journal);
    }
  }

  private static List<String> readJournal(FileSystem fs, Path journal) throws IOException {
    List<String> lines = new ArrayList<>();
    try (BufferedReader reader = new BufferedReader(new InputStreamReader(fs.open(journal), StandardCharsets.UTF_8))) {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (!line.isEmpty()) {
          lines.add(line);
        }
      }
    } catch (FileNotFoundException e) {
      return null;
    }
    return lines.isEmpty() ? null : lines;
  }

  private List<Path> dataFiles(FileSystem fs) throws IOException {
    return dataFiles(fs, partition);
  }

  /** The Parquet files a reader of the folder reads: not hidden, not Spark's {@code _SUCCESS}. */
  private static List<Path> dataFiles(FileSystem fs, Path dir) throws IOException {
    List<Path> files = new ArrayList<>();
    try {
      for (FileStatus file : fs.listStatus(dir)) {
        String name = file.getPath().getName();
        if (file.isFile() && !name.startsWith(".") && !name.startsWith("_")) {
          files.add(file.getPath());
        }
      }
    } catch (FileNotFoundException e) {
      return files;
    }
    return files;
  }
}
