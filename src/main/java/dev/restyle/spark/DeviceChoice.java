package dev.restyle.spark;

/** {@code --device}: which device a pair runs on. */
public enum DeviceChoice {
  /** The GPU Spark assigned to the task ({@code spark.task.resource.gpu.amount}), else the CPU. */
  AUTO,
  /** The CPU, even where Spark assigns a GPU: for users who mean it. */
  CPU
}
