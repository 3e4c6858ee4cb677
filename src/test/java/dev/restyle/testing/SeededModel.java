package dev.restyle.testing;

import ai.djl.Device;
import dev.restyle.model.Pooling;
import dev.restyle.model.SeededVgg19Weights;
import dev.restyle.model.Vgg19;
import dev.restyle.model.Vgg19Architecture;
import dev.restyle.model.Vgg19Loader;
import dev.restyle.model.VggLayer;
import dev.restyle.model.WeightsSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * VGG19 up to a layer with seeded random weights ({@link SeededVgg19Weights}, max pooling, on the CPU),
 * loaded once per test class and closed after it: deterministic per seed, no file needed.
 *
 * <pre>{@code @RegisterExtension static final SeededModel seeded = new SeededModel("relu5_1");}</pre>
 *
 * Results depend on the seed, so a test keeps the seed its expectations were made with.
 */
public final class SeededModel implements BeforeAllCallback, AfterAllCallback {

  private final long seed;
  private final VggLayer deepest;
  private Vgg19 model;

  /** Seed 0. */
  public SeededModel(String deepest) {
    this(0, deepest);
  }

  public SeededModel(long seed, String deepest) {
    this.seed = seed;
    this.deepest = Vgg19Architecture.layer(deepest);
  }

  public Vgg19 model() {
    if (model == null) {
      throw new IllegalStateException("the model is loaded before the class's tests run, not at construction");
    }
    return model;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    model = Vgg19Loader.load(SeededVgg19Weights.stateDict(seed, deepest), new WeightsSource.Untrained(seed).spec(),
        SeededVgg19Weights.id(seed), deepest, Pooling.MAX, Device.cpu());
  }

  @Override
  public void afterAll(ExtensionContext context) {
    if (model != null) {
      model.close();
      model = null;
    }
  }
}
