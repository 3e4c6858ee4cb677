package dev.restyle.support;

/** Seconds as people read a time left: {@code 4m05s}, or {@code 2h13m} from an hour up. */
public final class Durations {

  private Durations() {}

  public static String format(long seconds) {
    return seconds >= 3600
        ? String.format("%dh%02dm", seconds / 3600, seconds % 3600 / 60)
        : String.format("%dm%02ds", seconds / 60, seconds % 60);
  }
}
