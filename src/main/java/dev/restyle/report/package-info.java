/**
 * The HTML report of one run or all, in one self-contained page built from the metrics table: the summary,
 * the flagged pairs, distributions, a table per style, failures by error class and a gallery of a bounded
 * sample with thumbnails and loss curves. Every section is computed by Spark and bounded where it is
 * computed, so the page does not grow with the run, and only the sampled rows reach the driver.
 *
 * <p>Reads the metrics through {@code metrics} and files through {@code storage}; from {@code spark} it
 * uses only {@code HadoopConf}, to ship the Hadoop configuration to the executors that make the
 * thumbnails. The job does not call it: the command asks for a report.
 */
package dev.restyle.report;
