package dev.restyle.spark;

import ai.djl.Device;
import dev.restyle.model.TorchNatives;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** The device of the running task: the GPU Spark assigned to it, or the CPU. */
public final class DeviceSelector {

  private DeviceSelector() {}

  /**
   * @throws DeviceUnavailableException when Spark assigned a GPU that the loaded natives cannot use: every
   *     pair of the run would fail the same way, so the run must stop, not fail pair by pair
   */
  public static Device forCurrentTask(DeviceChoice choice) {
    String gpu = assignedGpu();
    if (gpu == null || choice == DeviceChoice.CPU) {
      return Device.cpu();
    }
    if (!TorchNatives.hasCuda()) {
      SparkEnv env = SparkEnv.get();
      throw new DeviceUnavailableException(String.format("Spark assigned GPU %s to this task on executor %s, "
          + "but the PyTorch natives there (%s) have no CUDA. Either give the executors CUDA natives "
          + "(deploy/GPU.md: PYTORCH_LIBRARY_PATH, PYTORCH_VERSION, PYTORCH_FLAVOR=cu128), drop the GPU "
          + "resource settings (spark.executor.resource.gpu.*, spark.task.resource.gpu.*), or run on the "
          + "CPU with --device cpu.", gpu, env == null ? "?" : env.executorId(), TorchNatives.description()));
    }
    return Device.gpu(Integer.parseInt(gpu));
  }

  /** The address of the first GPU Spark assigned to this task, or null. */
  private static String assignedGpu() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return null;
    }
    ResourceInformation gpus = task.resourcesJMap().get("gpu");
    return gpus == null || gpus.addresses().length == 0 ? null : gpus.addresses()[0].strip();
  }
}
