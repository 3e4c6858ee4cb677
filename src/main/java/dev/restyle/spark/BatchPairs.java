package dev.restyle.spark;

import ai.djl.Device;
import java.io.Serializable;

/**
 * How many pairs a task optimizes together ({@code --batch-pairs}), and the memory they share.
 *
 * <p>The default ({@code 0}, auto) depends on the device: on a CPU 1, since batches there pay only at small
 * sizes (README, "Batched pairs"); on a GPU {@value #GPU_DEFAULT}, a value not measured on this project's
 * machines, where a lone 256–512 px pair leaves most of the device idle.
 *
 * @param flag the value given; 0 for auto
 * @param memoryBytes what one task's pairs may use at once ({@link PairMemoryBudget}); a larger batch is split
 */
public record BatchPairs(int flag, long memoryBytes) implements Serializable {

  static final int GPU_DEFAULT = 4;
  static final int CPU_DEFAULT = 1;

  /** Every pair alone. */
  static final BatchPairs ALONE = new BatchPairs(1, Long.MAX_VALUE);

  /** The batch size on {@code device}. */
  int on(Device device) {
    if (flag > 0) {
      return flag;
    }
    return device.isGpu() ? GPU_DEFAULT : CPU_DEFAULT;
  }
}
