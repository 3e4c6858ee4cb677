package dev.restyle.spark;

import ai.djl.Device;
import org.apache.spark.TaskContext;
import org.apache.spark.resource.ResourceInformation;

/** The device of the running task: the GPU Spark assigned to it, or the CPU. */
public final class DeviceSelector {

  private DeviceSelector() {}

  public static Device forCurrentTask() {
    TaskContext task = TaskContext.get();
    if (task == null) {
      return Device.cpu();
    }
    ResourceInformation gpus = task.resourcesJMap().get("gpu");
    if (gpus == null || gpus.addresses().length == 0) {
      return Device.cpu();
    }
    return Device.gpu(Integer.parseInt(gpus.addresses()[0].strip()));
  }
}
