package dev.restyle.image;

import dev.restyle.transfer.PairResult;
import org.apache.spark.sql.SparkSession;
import org.assertj.core.api.Assertions;

/**
 * Classes that break the layering on purpose, in test sources only, so the ArchUnit rules can be shown
 * to catch what they forbid. They sit in {@code image}, the package with the most rules on it.
 */
public final class LayeringViolations {

  private LayeringViolations() {}

  /** image → Spark: the engine must run without Spark. */
  public static final class ImportsSpark {
    static String appName(SparkSession spark) {
      return spark.sparkContext().appName();
    }
  }

  /** image → transfer: a package above it. Together with transfer → image, a cycle. */
  public static final class ImportsTransfer {
    static int width(PairResult result) {
      return result.width();
    }
  }

  /** A test library from a class that could be mistaken for production code. */
  public static final class UsesAssertJ {
    static void check(int width) {
      Assertions.assertThat(width).isPositive();
    }
  }
}
