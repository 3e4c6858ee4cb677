package dev.restyle.model.weights;

import ai.djl.ndarray.types.DataType;
import java.util.Arrays;

/**
 * A tensor as {@code torch._utils._rebuild_tensor[_v2]} describes it: a window of a storage.
 *
 * @param storage the root storage holding the elements
 * @param offset index of the first element in the root storage (storage offset plus, for legacy
 *     storage views, the view's offset)
 * @param shape the tensor's size
 * @param stride elements between neighbours along each dimension
 * @param limit index one past the last element the tensor may use (the end of its storage view)
 */
record PickledTensor(PickledStorage storage, long offset, long[] shape, long[] stride, long limit) {

  DataType dataType() {
    return storage.dataType();
  }

  long numel() {
    return LazyTensor.numel(shape);
  }

  /**
   * Whether the elements are laid out row-major without gaps, by PyTorch's rule: dimensions of size
   * 1 may have any stride, and an empty tensor is always contiguous.
   */
  boolean contiguous() {
    if (numel() == 0) {
      return true;
    }
    long expected = 1;
    for (int dim = shape.length - 1; dim >= 0; dim--) {
      if (shape[dim] != 1 && stride[dim] != expected) {
        return false;
      }
      expected *= shape[dim];
    }
    return true;
  }

  /** Whether every element the tensor addresses lies inside its storage (view). */
  boolean fitsInStorage() {
    if (numel() == 0) {
      return offset <= limit;
    }
    long last = offset;
    for (int dim = 0; dim < shape.length; dim++) {
      last = Math.addExact(last, Math.multiplyExact(shape[dim] - 1, stride[dim]));
    }
    return last < limit;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof PickledTensor that
        && storage.equals(that.storage)
        && offset == that.offset
        && Arrays.equals(shape, that.shape)
        && Arrays.equals(stride, that.stride)
        && limit == that.limit;
  }

  @Override
  public int hashCode() {
    return 31 * storage.hashCode() + Long.hashCode(offset) + Arrays.hashCode(shape);
  }

  @Override
  public String toString() {
    return "PickledTensor[" + storage.key() + "+" + offset + " " + dataType() + " shape " + Arrays.toString(shape)
        + " stride " + Arrays.toString(stride) + "]";
  }
}
