package dev.restyle.model.weights;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.types.DataType;
import dev.restyle.testing.Fixtures;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The seeded torchvision VGG19 saved three ways: by torch in the legacy stream, by torch in the zip
 * format, and by the fixture script's own safetensors writer. Two independent writers and three
 * readers agreeing byte for byte is the evidence that the values are right; the statistics checks
 * tie them to what torchvision's initialisation produces.
 */
class Vgg19FixtureFormatsTest {

  private static final String LEGACY = "vgg19-seeded-legacy.pth";
  private static final String ZIP = "vgg19-seeded-zip.pth";
  private static final String SAFETENSORS = "vgg19-seeded.safetensors";

  private static final int[] CONVOLUTIONS = {0, 2, 5, 7, 10, 12, 14, 16, 19, 21, 23, 25, 28, 30, 32, 34};
  private static final long[][] CONV_SHAPES = {
    {64, 3}, {64, 64}, {128, 64}, {128, 128}, {256, 128}, {256, 256}, {256, 256}, {256, 256},
    {512, 256}, {512, 512}, {512, 512}, {512, 512}, {512, 512}, {512, 512}, {512, 512}, {512, 512}
  };

  /** torchvision's VGG19 state dict, in its order, with shapes. */
  private static Map<String, long[]> expectedShapes() {
    Map<String, long[]> shapes = new LinkedHashMap<>();
    for (int i = 0; i < CONVOLUTIONS.length; i++) {
      long out = CONV_SHAPES[i][0];
      shapes.put("features." + CONVOLUTIONS[i] + ".weight", new long[] {out, CONV_SHAPES[i][1], 3, 3});
      shapes.put("features." + CONVOLUTIONS[i] + ".bias", new long[] {out});
    }
    shapes.put("classifier.0.weight", new long[] {4096, 25088});
    shapes.put("classifier.0.bias", new long[] {4096});
    shapes.put("classifier.3.weight", new long[] {4096, 4096});
    shapes.put("classifier.3.bias", new long[] {4096});
    shapes.put("classifier.6.weight", new long[] {1000, 4096});
    shapes.put("classifier.6.bias", new long[] {1000});
    return shapes;
  }

  private static List<String> featureKeys() {
    return expectedShapes().keySet().stream().filter(k -> k.startsWith("features.")).toList();
  }

  @ParameterizedTest
  @ValueSource(strings = {LEGACY, ZIP, SAFETENSORS})
  void listsTorchvisionsThirtyEightKeysInOrderWithTheirShapes(String fixture) throws IOException {
    try (StateDict dict = StateDicts.open(Fixtures.require(fixture))) {
      Map<String, long[]> expected = expectedShapes();
      assertThat(dict.tensors().keySet()).hasSize(38).containsExactlyElementsOf(expected.keySet());
      dict.tensors().forEach((key, tensor) -> {
        assertThat(tensor.key()).isEqualTo(key);
        assertThat(tensor.dataType()).as(key).isEqualTo(DataType.FLOAT32);
        assertThat(tensor.shape()).as(key).containsExactly(expected.get(key));
      });
    }
  }

  @Test
  void eachFormatIsOpenedByItsReader() throws IOException {
    assertThat(formatOf(LEGACY)).isEqualTo("torch-legacy");
    assertThat(formatOf(ZIP)).isEqualTo("torch-zip");
    assertThat(formatOf(SAFETENSORS)).isEqualTo("safetensors");
  }

  @Test
  void featureTensorsAreByteIdenticalAcrossTheThreeFormats() throws IOException {
    try (StateDict legacy = StateDicts.open(Fixtures.require(LEGACY));
        StateDict zip = StateDicts.open(Fixtures.require(ZIP));
        StateDict safetensors = StateDicts.open(Fixtures.require(SAFETENSORS))) {
      for (String key : featureKeys()) {
        ByteBuffer fromSafetensors = safetensors.tensors().get(key).read();
        ByteBuffer fromLegacy = legacy.tensors().get(key).read();
        ByteBuffer fromZip = zip.tensors().get(key).read();
        long expectedBytes = 4 * LazyTensor.numel(expectedShapes().get(key));
        for (ByteBuffer buffer : List.of(fromSafetensors, fromLegacy, fromZip)) {
          assertThat(buffer.isDirect()).isTrue();
          assertThat(buffer.order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
          assertThat(buffer.position()).isZero();
          assertThat((long) buffer.remaining()).as(key).isEqualTo(expectedBytes);
        }
        assertThat(fromLegacy).as("legacy vs safetensors: " + key).isEqualTo(fromSafetensors);
        assertThat(fromZip).as("zip vs safetensors: " + key).isEqualTo(fromSafetensors);
      }
    }
  }

  /** torchvision's VGG init: conv kaiming_normal_(fan_out, relu) with zero bias; linear N(0, 0.01), zero bias. */
  @Test
  void valuesMatchTorchvisionsInitialisation() throws IOException {
    try (StateDict dict = StateDicts.open(Fixtures.require(LEGACY))) {
      assertThat(floats(dict, "features.0.bias")).hasSize(64).containsOnly(0f);
      assertThat(floats(dict, "features.34.bias")).hasSize(512).containsOnly(0f);
      assertThat(floats(dict, "classifier.6.bias")).hasSize(1000).containsOnly(0f);

      float[] conv11 = floats(dict, "features.0.weight"); // fan_out = 64 * 3 * 3
      assertThat(mean(conv11)).isCloseTo(0, within(0.01));
      assertThat(std(conv11)).isCloseTo(Math.sqrt(2.0 / (64 * 9)), within(0.006));

      float[] conv54 = floats(dict, "features.34.weight"); // 2.4M samples: tight
      assertThat(std(conv54)).isCloseTo(Math.sqrt(2.0 / (512 * 9)), within(0.0005));

      float[] fc8 = floats(dict, "classifier.6.weight");
      assertThat(mean(fc8)).isCloseTo(0, within(0.0005));
      assertThat(std(fc8)).isCloseTo(0.01, within(0.0005));
    }
  }

  /**
   * Opening reads only headers, and reading the 80 MB of convolution weights reads those bytes and
   * no more: the 494 MB classifier is never touched. Checked by the readers' own counters and, where
   * /proc is available, by the bytes the whole process read from the kernel.
   */
  @ParameterizedTest
  @ValueSource(strings = {LEGACY, ZIP, SAFETENSORS})
  void readingTheFeaturesNeverReadsTheClassifier(String fixture) throws IOException {
    Path file = Fixtures.require(fixture);
    long featureBytes = featureKeys().stream().mapToLong(k -> 4 * LazyTensor.numel(expectedShapes().get(k))).sum();
    long classifierBytes = 4L * (4096 * 25088 + 4096 + 4096 * 4096 + 4096 + 1000 * 4096 + 1000);
    assertThat(featureBytes).isEqualTo(80_097_536L);

    OptionalLong processBefore = WeightsTestFiles.processBytesRead();
    long readByUs;
    try (StateDict dict = StateDicts.open(file)) {
      LazyStateDict lazy = (LazyStateDict) dict;
      assertThat(lazy.bytesRead()).as("bytes read by opening").isLessThan(256 * 1024);
      long delivered = 0;
      for (String key : featureKeys()) {
        delivered += dict.tensors().get(key).read().remaining();
      }
      assertThat(delivered).isEqualTo(featureBytes);
      readByUs = lazy.bytesRead();
    }
    assertThat(readByUs).isBetween(featureBytes, featureBytes + 256 * 1024);

    OptionalLong processAfter = WeightsTestFiles.processBytesRead();
    if (processBefore.isPresent() && processAfter.isPresent()) {
      long processRead = processAfter.getAsLong() - processBefore.getAsLong();
      assertThat(processRead)
          .as("bytes this JVM read while opening %s and reading its features", fixture)
          .isGreaterThanOrEqualTo(featureBytes)
          .isLessThan(featureBytes + classifierBytes / 8);
    }
  }

  private static String formatOf(String fixture) throws IOException {
    try (StateDict dict = StateDicts.open(Fixtures.require(fixture))) {
      return dict.format();
    }
  }

  private static float[] floats(StateDict dict, String key) throws IOException {
    FloatBuffer buffer = dict.tensors().get(key).read().asFloatBuffer();
    float[] values = new float[buffer.remaining()];
    buffer.get(values);
    return values;
  }

  private static double mean(float[] values) {
    double sum = 0;
    for (float v : values) {
      sum += v;
    }
    return sum / values.length;
  }

  private static double std(float[] values) {
    double mean = mean(values);
    double sum = 0;
    for (float v : values) {
      sum += (v - mean) * (v - mean);
    }
    return Math.sqrt(sum / (values.length - 1));
  }
}
