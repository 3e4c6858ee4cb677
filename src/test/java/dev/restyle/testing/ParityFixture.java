package dev.restyle.testing;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.weights.SafetensorsFormat;
import dev.restyle.model.weights.StateDict;
import dev.restyle.model.weights.StoredTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The reference tensors PyTorch wrote to {@code parity.safetensors} (see make_parity_fixtures.py), opened
 * once per test class with a manager for the arrays made from them, and closed after it:
 * {@code @RegisterExtension static final ParityFixture reference = new ParityFixture();}. Where PyTorch's
 * fixtures could not be made, the class's tests are skipped with the recorded reason.
 */
public final class ParityFixture implements BeforeAllCallback, AfterAllCallback {

  private final String file;
  private StateDict tensors;
  private NDManager manager;

  /** parity.safetensors. */
  public ParityFixture() {
    this("parity.safetensors");
  }

  /** Another reference file in the fixtures' folder, e.g. make_caffe_fixtures.py's caffe-parity.safetensors. */
  public ParityFixture(String file) {
    this.file = file;
  }

  @Override
  public void beforeAll(ExtensionContext context) throws IOException {
    tensors = new SafetensorsFormat().open(Fixtures.require(file));
    manager = NDManager.newBaseManager();
  }

  @Override
  public void afterAll(ExtensionContext context) throws IOException {
    if (manager != null) {
      manager.close();
    }
    if (tensors != null) {
      tensors.close();
    }
    manager = null;
    tensors = null;
  }

  /** A manager for one test's arrays, closed by the test (and with the class's, at the latest). */
  public NDManager newScope() {
    return opened(manager).newSubManager();
  }

  public NDArray array(String name, NDManager scope) {
    StoredTensor tensor = opened(tensors).tensors().get(name);
    if (tensor == null) {
      throw new IllegalArgumentException("no reference tensor " + name + " in " + file);
    }
    try {
      return scope.create(tensor.read(), new Shape(tensor.shape()), tensor.dataType());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public float scalar(String name, NDManager scope) {
    return array(name, scope).getFloat(0);
  }

  private static <T> T opened(T resource) {
    if (resource == null) {
      throw new IllegalStateException("the fixture opens before the class's tests run, not at construction");
    }
    return resource;
  }
}
