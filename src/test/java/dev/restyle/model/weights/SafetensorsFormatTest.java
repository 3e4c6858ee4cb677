package dev.restyle.model.weights;

import static dev.restyle.model.weights.WeightsTestFiles.floats;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.types.DataType;
import dev.restyle.testing.Fixtures;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsFormatTest {

  private final SafetensorsFormat format = new SafetensorsFormat();

  @TempDir Path dir;

  /** Header order differs from data order here, as in files from the reference writer; data order wins. */
  @Test
  void readsDtypesShapesAndMetadataListingTensorsInDataOrder() throws IOException {
    ByteBuffer data = ByteBuffer.allocate(8 + 2 + 16 + 12).order(ByteOrder.LITTLE_ENDIAN);
    data.putDouble(0, 2.5);
    data.putShort(8, (short) 0x3c00); // 1.0 in float16
    data.putLong(10, -7).putLong(18, 1L << 40);
    data.putFloat(26, 1.5f).putFloat(30, -2f).putFloat(34, 0f);
    Path file =
        write(
            "typed.safetensors",
            "{\"__metadata__\":{\"format\":\"pt\"},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[1,3],\"data_offsets\":[26,38]},"
                + "\"d\":{\"dtype\":\"F64\",\"shape\":[],\"data_offsets\":[0,8]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[8,10]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[2],\"data_offsets\":[10,26]}}",
            data.array());

    try (StateDict dict = format.open(file)) {
      assertThat(dict.format()).isEqualTo("safetensors");
      assertThat(dict.tensors().keySet()).containsExactly("d", "h", "n", "w");
      assertThat(dict.tensors().get("d").dataType()).isEqualTo(DataType.FLOAT64);
      assertThat(dict.tensors().get("d").shape()).isEmpty();
      assertThat(dict.tensors().get("d").read().getDouble(0)).isEqualTo(2.5);
      assertThat(dict.tensors().get("h").dataType()).isEqualTo(DataType.FLOAT16);
      assertThat(dict.tensors().get("h").read().getShort(0)).isEqualTo((short) 0x3c00);
      assertThat(dict.tensors().get("n").dataType()).isEqualTo(DataType.INT64);
      ByteBuffer longs = dict.tensors().get("n").read();
      assertThat(longs.getLong(0)).isEqualTo(-7);
      assertThat(longs.getLong(8)).isEqualTo(1L << 40);
      assertThat(floats(dict.tensors().get("w"))).containsExactly(1.5f, -2f, 0f);
    }
  }

  @Test
  void reportsAFileCutShortWithExpectedAndActualLengths() throws IOException {
    Path original = Fixtures.require("vgg19-seeded.safetensors");
    long size = Files.size(original);
    Path cut = WeightsTestFiles.copyPrefix(original, dir.resolve("partial.safetensors"), 16 << 20);

    assertThatThrownBy(() -> format.open(cut))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("partial.safetensors is truncated")
        .hasMessageContaining("expected at least " + size + " bytes, found " + (16 << 20));
  }

  @Test
  void reportsAFileCutInsideItsHeader() throws IOException {
    Path cut = WeightsTestFiles.copyPrefix(Fixtures.require("vgg19-seeded.safetensors"), dir.resolve("stub.safetensors"), 100);

    assertThatThrownBy(() -> format.open(cut))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("stub.safetensors is truncated: its header ends at byte");
  }

  @Test
  void rejectsASpanThatDisagreesWithShapeAndDtype() throws IOException {
    Path file = write("span.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,12]}}", new byte[12]);

    assertThatThrownBy(() -> format.open(file))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("span.safetensors: tensor 'w'")
        .hasMessageContaining("spans 12 bytes, but [2,2] x float32 needs 16");
  }

  @Test
  void rejectsUnsupportedDtypesAndMalformedHeaders() throws IOException {
    Path fp8 = write("fp8.safetensors", "{\"w\":{\"dtype\":\"F8_E4M3\",\"shape\":[1],\"data_offsets\":[0,1]}}", new byte[1]);
    Path notJson = write("garbled.safetensors", "{\"w\": [1, 2", new byte[0]);
    Path noOffsets = write("offsetless.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[1]}}", new byte[4]);

    assertThatThrownBy(() -> format.open(fp8))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("fp8.safetensors: tensor 'w'")
        .hasMessageContaining("unsupported dtype F8_E4M3");
    assertThatThrownBy(() -> format.open(notJson))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("garbled.safetensors is not a valid safetensors file");
    assertThatThrownBy(() -> format.open(noOffsets))
        .isInstanceOf(InvalidWeightsException.class)
        .hasMessageContaining("offsetless.safetensors: tensor 'w'")
        .hasMessageContaining("malformed");
  }

  @Test
  void recognizesALengthFollowedByAJsonObject() throws IOException {
    assertThat(format.recognizes(Files.readAllBytes(write("x.safetensors", "{}", new byte[0])))).isTrue();
    assertThat(format.recognizes("{\"not\": \"safetensors\"}".getBytes(StandardCharsets.UTF_8))).isFalse();
    assertThat(format.recognizes(PickleBytes.protocol2().emptyList().stop())).isFalse();
  }

  /** A safetensors file: u64 little-endian header length, the header, the data. */
  private Path write(String name, String header, byte[] data) throws IOException {
    byte[] json = header.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(json.length).array());
    out.writeBytes(json);
    out.writeBytes(data);
    return Files.write(dir.resolve(name), out.toByteArray());
  }
}
