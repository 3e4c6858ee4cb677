/**
 * The HTML report of one run or all: summary, thumbnails, loss curves and failures, in one self-contained
 * page built from the metrics table.
 *
 * <p>Reads the metrics through {@code metrics} and files through {@code storage}; never imports
 * {@code spark} (the job), which does not call it either: the command asks for a report.
 */
package dev.restyle.report;
