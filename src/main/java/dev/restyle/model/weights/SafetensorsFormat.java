package dev.restyle.model.weights;

import ai.djl.ndarray.types.DataType;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format: an unsigned 64-bit little-endian header length, a JSON header {@code
 * {"name": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, "__metadata__": {...}}},
 * then the data; offsets are relative to the end of the header.
 *
 * <p>Everything is validated against the file length at open time, so a truncated download fails
 * here with the byte counts rather than later in the middle of a run. Tensors are listed in the order
 * of their data in the file (writers differ in how they order the JSON header).
 */
public final class SafetensorsFormat implements StateDictFormat {

  public static final String NAME = "safetensors";

  /** The reference implementation refuses larger headers too; it bounds what a corrupt length can make us read. */
  static final long MAX_HEADER_BYTES = 100L * 1024 * 1024;

  private static final String METADATA = "__metadata__";

  @Override
  public String name() {
    return NAME;
  }

  /** A plausible header length followed by the JSON header's opening brace. */
  @Override
  public boolean recognizes(byte[] head) {
    if (head.length < 9) {
      return false;
    }
    long headerLength = ByteBuffer.wrap(head, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
    return headerLength >= 2 && headerLength <= MAX_HEADER_BYTES && head[8] == '{';
  }

  @Override
  public StateDict open(Path file) throws IOException {
    return ClosedOnFailure.parse(WeightsFile.open(file), SafetensorsFormat::read);
  }

  private record Entry(String key, DataType dataType, long[] shape, long begin, long end) {}

  private static StateDict read(WeightsFile weights) throws IOException {
    Path file = weights.path();
    if (weights.size() < Long.BYTES) {
      throw new InvalidWeightsException(file + " is truncated: " + weights.size() + " bytes, too short for a safetensors header");
    }
    long headerLength = weights.readLong(0);
    if (headerLength < 0 || headerLength > MAX_HEADER_BYTES) {
      throw new InvalidWeightsException(file + " is not a valid safetensors file: header length " + Long.toUnsignedString(headerLength));
    }
    long dataStart = Long.BYTES + headerLength;
    if (dataStart > weights.size()) {
      throw truncated(file, dataStart, weights.size(), "its header ends");
    }
    ByteBuffer headerBytes = weights.read(Long.BYTES, (int) headerLength);
    JsonObject header;
    try {
      header = JsonParser.parseString(StandardCharsets.UTF_8.decode(headerBytes).toString()).getAsJsonObject();
    } catch (JsonParseException | IllegalStateException e) {
      throw new InvalidWeightsException(file + " is not a valid safetensors file: its header is not a JSON object", e);
    }

    long dataLength = weights.size() - dataStart;
    List<Entry> entries = new ArrayList<>();
    for (Map.Entry<String, JsonElement> member : header.entrySet()) {
      if (!member.getKey().equals(METADATA)) {
        entries.add(entry(file, member.getKey(), member.getValue()));
      }
    }
    long end = entries.stream().mapToLong(Entry::end).max().orElse(0);
    if (end > dataLength) {
      throw truncated(file, dataStart + end, weights.size(), "its tensors end");
    }
    entries.sort(Comparator.comparingLong(Entry::begin)); // stable: header order breaks ties (empty tensors)

    Map<String, StoredTensor> tensors = new LinkedHashMap<>();
    for (Entry entry : entries) {
      int length = (int) (entry.end() - entry.begin());
      long position = dataStart + entry.begin();
      tensors.put(entry.key(), new LazyTensor(entry.key(), entry.dataType(), entry.shape(), () -> weights.read(position, length)));
    }
    return new LazyStateDict(NAME, file, tensors, weights, weights::bytesRead);
  }

  private static Entry entry(Path file, String key, JsonElement value) {
    String where = file + ": tensor '" + key + "' in the safetensors header";
    try {
      JsonObject info = value.getAsJsonObject();
      DataType dataType = dataType(info.get("dtype").getAsString(), where);
      long[] shape = longs(info.getAsJsonArray("shape"));
      long[] offsets = longs(info.getAsJsonArray("data_offsets"));
      if (offsets.length != 2 || offsets[0] < 0 || offsets[1] < offsets[0]) {
        throw new InvalidWeightsException(where + " has invalid data_offsets " + info.get("data_offsets"));
      }
      for (long dim : shape) {
        if (dim < 0) {
          throw new InvalidWeightsException(where + " has a negative dimension: " + info.get("shape"));
        }
      }
      int expected = LazyTensor.byteLength(key, dataType, shape);
      if (offsets[1] - offsets[0] != expected) {
        throw new InvalidWeightsException(
            where + " spans " + (offsets[1] - offsets[0]) + " bytes, but " + info.get("shape") + " x " + dataType
                + " needs " + expected);
      }
      return new Entry(key, dataType, shape, offsets[0], offsets[1]);
    } catch (IllegalStateException | NullPointerException | UnsupportedOperationException | NumberFormatException
        | ArithmeticException e) {
      throw new InvalidWeightsException(where + " is malformed: " + value, e);
    }
  }

  private static long[] longs(JsonArray array) {
    long[] result = new long[array.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = array.get(i).getAsBigDecimal().longValueExact();
    }
    return result;
  }

  private static DataType dataType(String dtype, String where) {
    return switch (dtype) {
      case "F64" -> DataType.FLOAT64;
      case "F32" -> DataType.FLOAT32;
      case "F16" -> DataType.FLOAT16;
      case "BF16" -> DataType.BFLOAT16;
      case "I64" -> DataType.INT64;
      case "I32" -> DataType.INT32;
      case "I16" -> DataType.INT16;
      case "I8" -> DataType.INT8;
      case "U64" -> DataType.UINT64;
      case "U32" -> DataType.UINT32;
      case "U16" -> DataType.UINT16;
      case "U8" -> DataType.UINT8;
      case "BOOL" -> DataType.BOOLEAN;
      default -> throw new InvalidWeightsException(where + " has unsupported dtype " + dtype);
    };
  }

  private static InvalidWeightsException truncated(Path file, long needed, long size, String whatEnds) {
    return new InvalidWeightsException(
        file + " is truncated: " + whatEnds + " at byte " + needed + " but the file has only " + size
            + " bytes (expected at least " + needed + " bytes, found " + size + "); was the download or copy interrupted?");
  }
}
