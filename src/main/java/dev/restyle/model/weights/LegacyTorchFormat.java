package dev.restyle.model.weights;

import java.util.Arrays;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code torch.save} stream of PyTorch before 1.6 (and of {@code
 * _use_new_zipfile_serialization=False}), the format of torchvision's original {@code
 * vgg19-dcbb9e9d.pth}.
 *
 * <p>Layout: five pickles in a row (magic number, protocol version 1001, sys-info dict, the state
 * dict, the list of storage keys), then every storage in key-list order as an int64 little-endian
 * element count followed by the raw little-endian elements. The key list is sorted as strings, so it
 * is <em>not</em> the order in which the state dict references the storages.
 *
 * <p>Opening reads only the pickles and the 8-byte count in front of each storage: the storage
 * positions follow from the element counts the pickle records, so no data needs to be skipped over,
 * and a tensor's bytes are read only by {@link StoredTensor#read()}.
 */
public final class LegacyTorchFormat implements StateDictFormat {

  public static final String NAME = "torch-legacy";

  static final BigInteger MAGIC_NUMBER = new BigInteger("1950a86a20f9469cfc6c", 16);
  static final int PROTOCOL_VERSION = 1001;

  /** The magic number pickled as LONG1 (opcode 0x8a, 10 bytes, little-endian). */
  private static final byte[] PICKLED_MAGIC = {
    (byte) 0x8a, 0x0a, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19
  };

  private static final int PROTO = 0x80;
  private static final int FRAME = 0x95;

  @Override
  public String name() {
    return NAME;
  }

  /**
   * A pickle (PROTO 2 to 5, optionally a protocol-4 FRAME) whose first value is the torch magic
   * number; as many magic bytes as fit in the head are compared.
   */
  @Override
  public boolean recognizes(byte[] head) {
    if (head.length < 4 || (head[0] & 0xff) != PROTO || head[1] < 2 || head[1] > 5) {
      return false;
    }
    int start = (head[2] & 0xff) == FRAME ? 2 + 9 : 2;
    int compared = Math.min(PICKLED_MAGIC.length, head.length - start);
    return compared >= 2 && Arrays.equals(head, start, start + compared, PICKLED_MAGIC, 0, compared);
  }

  @Override
  public StateDict open(Path file) throws IOException {
    return ClosedOnFailure.parse(WeightsFile.open(file), LegacyTorchFormat::read);
  }

  private static StateDict read(WeightsFile weights) throws IOException {
    Path file = weights.path();
    WeightsFile.Input in = weights.inputAt(0);
    TorchUnpickler unpickler = new TorchUnpickler();

    Object magic = pickle(unpickler, in, weights, "its magic number");
    if (!(magic instanceof BigInteger big && big.equals(MAGIC_NUMBER))) {
      throw new InvalidWeightsException(file + " is not a torch.save file: wrong magic number");
    }
    Object version = pickle(unpickler, in, weights, "its protocol version");
    if (!((version instanceof Integer || version instanceof Long) && ((Number) version).longValue() == PROTOCOL_VERSION)) {
      throw new InvalidWeightsException(
          file + " uses torch serialization protocol " + version + "; only " + PROTOCOL_VERSION + " is supported");
    }
    Object sysInfo = pickle(unpickler, in, weights, "its sys info");
    if (sysInfo instanceof Map<?, ?> info && Boolean.FALSE.equals(info.get("little_endian"))) {
      throw new InvalidWeightsException(file + " was saved on a big-endian machine; only little-endian files are supported");
    }
    Map<String, PickledTensor> pickled =
        TorchStateDicts.tensorsOf(pickle(unpickler, in, weights, "its state dict"), file);
    List<String> keys = storageKeys(pickle(unpickler, in, weights, "its storage keys"), file);

    Map<String, Long> dataPositions = layOut(keys, unpickler.storages(), in.position(), weights);
    TorchStateDicts.StorageReader reader =
        (storage, byteOffset, length) -> weights.read(dataPositions.get(storage.key()) + byteOffset, length);
    return new LazyStateDict(
        NAME, file, TorchStateDicts.storedTensors(pickled, file, reader), weights, weights::bytesRead);
  }

  /**
   * The file position of each storage's first element, computed from the element counts in the
   * pickle; checks the file is long enough for all of them and that each 8-byte count on disk agrees.
   */
  private static Map<String, Long> layOut(
      List<String> keys, Map<String, PickledStorage> storages, long dataStart, WeightsFile weights)
      throws IOException {
    Path file = weights.path();
    Map<String, Long> positions = new HashMap<>();
    long position = dataStart;
    for (String key : keys) {
      PickledStorage storage = storages.get(key);
      if (storage == null) {
        throw new InvalidWeightsException(file + " is corrupt: it lists storage " + key + ", which no tensor uses");
      }
      if (positions.put(key, position + Long.BYTES) != null) {
        throw new InvalidWeightsException(file + " is corrupt: it lists storage " + key + " twice");
      }
      position = Math.addExact(position, Long.BYTES + storage.byteLength());
    }
    for (String key : storages.keySet()) {
      if (!positions.containsKey(key)) {
        throw new InvalidWeightsException(file + " is corrupt: a tensor uses storage " + key + ", which it does not contain");
      }
    }
    if (position > weights.size()) {
      throw new InvalidWeightsException(
          file + " is truncated: its " + keys.size() + " storages end at byte " + position + " but the file has only "
              + weights.size() + " bytes (expected " + position + " bytes, found " + weights.size()
              + "); was the download or copy interrupted?");
    }
    for (String key : keys) {
      long count = weights.readLong(positions.get(key) - Long.BYTES);
      long expected = storages.get(key).numel();
      if (count != expected) {
        throw new InvalidWeightsException(
            file + " is corrupt: storage " + key + " holds " + count + " elements on disk but " + expected
                + " in its pickle");
      }
    }
    return positions;
  }

  private static Object pickle(TorchUnpickler unpickler, WeightsFile.Input in, WeightsFile weights, String what)
      throws IOException {
    try {
      return unpickler.load(in, weights.path(), what);
    } catch (IOException e) {
      if (in.position() >= weights.size()) {
        throw new InvalidWeightsException(
            weights.path() + " is truncated: it ends at byte " + weights.size() + ", while reading " + what, e);
      }
      throw e;
    }
  }

  private static List<String> storageKeys(Object keys, Path file) {
    if (!(keys instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
      throw new InvalidWeightsException(
          file + " is corrupt: expected the list of storage keys after the state dict, found "
              + TorchStateDicts.describe(keys));
    }
    return list.stream().map(String.class::cast).toList();
  }
}
