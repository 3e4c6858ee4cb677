package dev.restyle.transfer;

import dev.restyle.model.Vgg19;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A seeded VGG19 (see {@link QualityFixtures#seededModel}) loaded once per test class and closed after it:
 * {@code @RegisterExtension static final SeededModel seeded = new SeededModel("relu5_1");}.
 */
final class SeededModel implements BeforeAllCallback, AfterAllCallback {

  private final String deepest;
  private Vgg19 model;

  SeededModel(String deepest) {
    this.deepest = deepest;
  }

  Vgg19 model() {
    if (model == null) {
      throw new IllegalStateException("the model is loaded before the class's tests run, not at construction");
    }
    return model;
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    model = QualityFixtures.seededModel(deepest);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    model.close();
    model = null;
  }
}
