package dev.restyle.bench;

import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.SparkContext;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerTaskEnd;

/**
 * The time the task slots were busy while it listened: every finished task's duration, from launch to end.
 * Set next to the pairs' own time, it splits what a run costs around its pairs into work inside the tasks
 * (fetching inputs, markers, writing rows, code generation) and slots left idle between tasks and jobs
 * (planning, commits, a stage waiting for its last task).
 */
public final class TaskTime extends SparkListener {

  private final AtomicLong millis = new AtomicLong();
  private final AtomicLong tasks = new AtomicLong();

  public static TaskTime listenTo(SparkContext spark) {
    TaskTime listener = new TaskTime();
    spark.addSparkListener(listener);
    return listener;
  }

  @Override
  public void onTaskEnd(SparkListenerTaskEnd taskEnd) {
    millis.addAndGet(taskEnd.taskInfo().duration());
    tasks.incrementAndGet();
  }

  public double seconds() {
    return millis.get() / 1000.0;
  }

  public long tasks() {
    return tasks.get();
  }
}
