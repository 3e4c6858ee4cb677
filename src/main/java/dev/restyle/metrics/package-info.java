/**
 * The metrics table, the contract between the job that writes it, the ledger that reads it for
 * {@code --skip-done}, the report and analysts' SQL: its schema, {@link dev.restyle.metrics.MetricsRow}
 * (rows filled by column name), {@link dev.restyle.metrics.RunStatus}, the {@code restyle_runs} and
 * {@code restyle_attempts} views, and the ledger (what a run has done, and what earlier runs made that it
 * may reuse).
 *
 * <p>May import transfer (a pair's result), support, Spark SQL and Hadoop (the ledger looks for a run's
 * partition).
 */
package dev.restyle.metrics;
