package dev.restyle.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobStart;

/**
 * A run killed between two waves, made with Spark's own listener bus: registered by a test with
 * {@code spark.extraListeners}, it cancels every job of wave {@value #WAVE} (a number, 1-based), so the
 * waves before it are committed and the run then fails as a killed run would.
 */
public final class CancelWave extends SparkListener {

  static final String WAVE = "spark.restyle.test.cancelWave";

  private final String wave;

  public CancelWave(SparkConf conf) {
    this.wave = ": wave " + conf.get(WAVE) + " of ";
  }

  @Override
  public void onJobStart(SparkListenerJobStart job) {
    String description = job.properties() == null ? null : job.properties().getProperty("spark.job.description");
    if (description != null && description.contains(wave)) {
      SparkContext.getOrCreate().cancelJob(job.jobId(), "killed before" + wave.replace(" of ", "") + " (test)");
    }
  }
}
