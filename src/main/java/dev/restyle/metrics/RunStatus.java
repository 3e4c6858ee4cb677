package dev.restyle.metrics;

/** The {@code status} column. */
public enum RunStatus {
  /** The image is written and the row points at it. */
  SUCCEEDED,
  /** The pair could not be done; {@code error_class} and {@code error_message} say why. */
  FAILED,
  /** Counted in a run's summary only: the pair's earlier SUCCEEDED row stays its record. */
  SKIPPED
}
