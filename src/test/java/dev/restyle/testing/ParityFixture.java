package dev.restyle.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.weights.SafetensorsFormat;
import dev.restyle.model.weights.StateDict;
import dev.restyle.model.weights.StoredTensor;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The reference tensors PyTorch wrote to {@code parity.safetensors} (see make_parity_fixtures.py). */
public final class ParityFixture implements AutoCloseable {

  private final StateDict tensors;

  private ParityFixture(StateDict tensors) {
    this.tensors = tensors;
  }

  public static ParityFixture open() {
    try {
      return new ParityFixture(new SafetensorsFormat().open(Fixtures.require("parity.safetensors")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public NDArray array(String name, NDManager manager) {
    StoredTensor tensor = tensors.tensors().get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("no reference tensor " + name + " in parity.safetensors");
    }
    try {
      return manager.create(tensor.read(), new Shape(tensor.shape()), tensor.dataType());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public float scalar(String name, NDManager manager) {
    return array(name, manager).getFloat(0);
  }

  @Override
  public void close() throws IOException {
    tensors.close();
  }
}
