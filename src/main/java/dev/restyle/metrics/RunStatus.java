package dev.restyle.metrics;

/** The {@code status} column. */
public enum RunStatus {
  /** The image is written and the row points at it. */
  SUCCEEDED,
  /** The pair could not be done; {@code error_class} and {@code error_message} say why. */
  FAILED,
  /**
   * Not run again: an earlier run (named by {@code reused_from_run_id}) has a SUCCEEDED output of the same
   * inputs, in the same versions, with the same parameters and weights, and {@code output_uri} points at it.
   */
  REUSED,
  /** Counted in a run's summary only: the pair's earlier SUCCEEDED row stays its record. */
  SKIPPED
}
