package dev.restyle.model.weights;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Small {@code torch.save} files of float32 storages, written the way PyTorch writes them, in the
 * legacy stream or the zip format. The pickle is the one {@code torch.save(OrderedDict(...))} emits
 * (see {@code pickletools.dis} of the fixtures), minus memoization, which changes nothing for a reader.
 */
final class TorchFileBuilder {

  /** A tensor: a window of a storage; {@code view} is a legacy storage view {offset, size} or null. */
  private record Tensor(String name, String storage, long[] view, long offset, long[] shape, long[] stride) {}

  private final Map<String, float[]> storages = new LinkedHashMap<>();
  private final Map<String, String> storageTypes = new LinkedHashMap<>();
  private final List<Tensor> tensors = new ArrayList<>();
  private List<String> storageOrder;
  private boolean fourArgRebuild;
  private boolean python2;
  private boolean bigEndian;
  private String wrapperKey;
  private final Map<String, Long> countOverrides = new LinkedHashMap<>();

  TorchFileBuilder storage(String key, float... values) {
    storages.put(key, values);
    storageTypes.put(key, "FloatStorage");
    return this;
  }

  /** Pretends a storage is of another torch type in the pickle (for unsupported-type tests). */
  TorchFileBuilder storageType(String key, String torchType) {
    storageTypes.put(key, torchType);
    return this;
  }

  TorchFileBuilder tensor(String name, String storage, long offset, long[] shape, long[] stride) {
    tensors.add(new Tensor(name, storage, null, offset, shape, stride));
    return this;
  }

  /** A contiguous tensor at the start of its storage. */
  TorchFileBuilder tensor(String name, String storage, long... shape) {
    return tensor(name, storage, 0, shape, contiguousStride(shape));
  }

  /** A tensor of a legacy storage view: elements [viewOffset, viewOffset + viewSize) of the storage. */
  TorchFileBuilder viewTensor(String name, String storage, long viewOffset, long viewSize, long offset, long... shape) {
    tensors.add(new Tensor(name, storage, new long[] {viewOffset, viewSize}, offset, shape, contiguousStride(shape)));
    return this;
  }

  /** The order storages follow the pickles in (PyTorch sorts the keys as strings). */
  TorchFileBuilder storageOrder(String... keys) {
    storageOrder = List.of(keys);
    return this;
  }

  /**
   * As torch before 0.4 saved tensors, e.g. in torchvision's 2017 vgg19-dcbb9e9d.pth: {@code
   * _rebuild_tensor(storage, offset, size, stride)}, and no {@code _metadata} on the state dict.
   */
  TorchFileBuilder fourArgRebuild() {
    fourArgRebuild = true;
    return this;
  }

  /**
   * As Python 2 pickles: byte strings (SHORT_BINSTRING) and the pure-Python OrderedDict's {@code
   * OrderedDict([[key, tensor], ...])} instead of {@code OrderedDict()} plus SETITEMS.
   */
  TorchFileBuilder python2() {
    python2 = true;
    return this;
  }

  TorchFileBuilder bigEndian() {
    bigEndian = true;
    return this;
  }

  /** Nests the state dict in a checkpoint dict {'epoch': 3, key: state_dict}. */
  TorchFileBuilder wrappedIn(String key) {
    wrapperKey = key;
    return this;
  }

  /** Writes a wrong element count in front of a storage (legacy stream). */
  TorchFileBuilder countOnDisk(String key, long count) {
    countOverrides.put(key, count);
    return this;
  }

  /** The pre-1.6 stream: five pickles, then each storage as an int64 count and its elements. */
  byte[] legacy() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(PickleBytes.protocol2().bytes(magicLong1()).stop());
    out.writeBytes(PickleBytes.protocol2().integer(1001).stop());
    out.writeBytes(
        PickleBytes.protocol2().emptyDict().mark()
            .str("protocol_version").integer(1001)
            .str("little_endian").bool(!bigEndian)
            .str("type_sizes").emptyDict().mark().str("short").integer(2).str("int").integer(4).str("long").integer(4)
            .setitems()
            .setitems().stop());
    out.writeBytes(stateDictPickle(true));
    PickleBytes keys = PickleBytes.protocol2().emptyList().mark();
    order().forEach(key -> string(keys, key));
    out.writeBytes(keys.appends().stop());
    for (String key : order()) {
      float[] values = storages.get(key);
      out.writeBytes(le(8).putLong(countOverrides.getOrDefault(key, (long) values.length)).array());
      out.writeBytes(floats(values));
    }
    return out.toByteArray();
  }

  Path writeLegacy(Path file) throws IOException {
    return Files.write(file, legacy());
  }

  /**
   * The zip format, entries STORED as PyTorch writes them; {@code extra} adds entries (name, content),
   * e.g. {@code byteorder}.
   */
  Path writeZip(Path file, String... extra) throws IOException {
    try (OutputStream stream = Files.newOutputStream(file);
        ZipOutputStream zip = new ZipOutputStream(stream)) {
      String prefix = "archive/";
      stored(zip, prefix + "data.pkl", stateDictPickle(false));
      for (String key : order()) {
        stored(zip, prefix + "data/" + key, floats(storages.get(key)));
      }
      stored(zip, prefix + "version", "3\n".getBytes(StandardCharsets.US_ASCII));
      for (int i = 0; i + 1 < extra.length; i += 2) {
        stored(zip, prefix + extra[i], extra[i + 1].getBytes(StandardCharsets.US_ASCII));
      }
    }
    return file;
  }

  /**
   * {@code OrderedDict} of tensors, then a BUILD carrying {@code _metadata} after the SETITEMS, as
   * {@code Module.state_dict()} pickles.
   */
  byte[] stateDictPickle(boolean legacyIds) {
    PickleBytes p = PickleBytes.protocol2();
    if (wrapperKey != null) {
      p.emptyDict().mark();
      string(p, "epoch").integer(3);
      string(p, wrapperKey);
    }
    // Python 3 pickles OrderedDict() then SETITEMS; Python 2 OrderedDict([[key, tensor], ...]).
    p.global("collections", "OrderedDict");
    if (python2) {
      p.mark().emptyList().mark();
    } else {
      p.emptyTuple().reduce().mark();
    }
    for (Tensor t : tensors) {
      if (python2) {
        p.emptyList().mark();
      }
      string(p, t.name());
      p.global("torch._utils", fourArgRebuild ? "_rebuild_tensor" : "_rebuild_tensor_v2").mark();
      persistentId(p, t, legacyIds);
      p.integer(t.offset());
      longs(p, t.shape());
      longs(p, t.stride());
      if (!fourArgRebuild) {
        p.bool(false).global("collections", "OrderedDict").emptyTuple().reduce(); // requires_grad, hooks
      }
      p.tuple().reduce();
      if (python2) {
        p.appends();
      }
    }
    if (python2) {
      p.appends().tuple().reduce();
    } else {
      p.setitems();
    }
    if (!fourArgRebuild) {
      p.emptyDict();
      string(p, "_metadata").emptyDict().setitem().build();
    }
    if (wrapperKey != null) {
      p.setitems();
    }
    return p.stop();
  }

  /** {@code ('storage', torch.FloatStorage, key, 'cpu', numel[, view_metadata])}. */
  private void persistentId(PickleBytes p, Tensor t, boolean legacy) {
    p.mark();
    string(p, "storage");
    p.global("torch", storageTypes.get(t.storage()));
    string(p, t.storage());
    string(p, "cpu");
    p.integer(storages.get(t.storage()).length);
    if (legacy) {
      if (t.view() == null) {
        p.none();
      } else {
        p.mark();
        string(p, t.storage() + "-view");
        p.integer(t.view()[0]).integer(t.view()[1]).tuple();
      }
    }
    p.tuple().binpersid();
  }

  private PickleBytes string(PickleBytes p, String value) {
    return python2 ? p.py2str(value) : p.str(value);
  }

  private static void longs(PickleBytes p, long[] values) {
    p.mark();
    for (long value : values) {
      p.integer(value);
    }
    p.tuple();
  }

  private List<String> order() {
    return storageOrder != null ? storageOrder : List.copyOf(storages.keySet());
  }

  static long[] contiguousStride(long[] shape) {
    long[] stride = new long[shape.length];
    long step = 1;
    for (int i = shape.length - 1; i >= 0; i--) {
      stride[i] = step;
      step *= shape[i];
    }
    return stride;
  }

  /** 0x1950a86a20f9469cfc6c as LONG1: 10 little-endian bytes. */
  private static byte[] magicLong1() {
    return new byte[] {
      (byte) 0x8a, 10, 0x6c, (byte) 0xfc, (byte) 0x9c, 0x46, (byte) 0xf9, 0x20, 0x6a, (byte) 0xa8, 0x50, 0x19
    };
  }

  static byte[] floats(float... values) {
    ByteBuffer buffer = le(4 * values.length);
    for (float value : values) {
      buffer.putFloat(value);
    }
    return buffer.array();
  }

  private static ByteBuffer le(int size) {
    return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
  }

  private static void stored(ZipOutputStream zip, String name, byte[] content) throws IOException {
    ZipEntry entry = new ZipEntry(name);
    entry.setMethod(ZipEntry.STORED);
    entry.setSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    entry.setCrc(crc.getValue());
    zip.putNextEntry(entry);
    zip.write(content);
    zip.closeEntry();
  }
}
