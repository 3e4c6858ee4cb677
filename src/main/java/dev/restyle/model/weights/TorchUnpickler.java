package dev.restyle.model.weights;

import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.IObjectConstructor;
import net.razorvine.pickle.Opcodes;
import net.razorvine.pickle.PickleException;
import net.razorvine.pickle.PickleUtils;
import net.razorvine.pickle.Unpickler;

/**
 * Pyrolite's unpickler taught the few Python names a {@code torch.save} state dict uses, for both
 * torch formats (the pickle is the same; only where the storage bytes live differs).
 *
 * <p>What comes out: dicts as insertion-ordered {@link LinkedHashMap}s, tensors as {@link
 * PickledTensor}s, storages (persistent ids) as {@link StorageRef}s, tuples as {@code Object[]},
 * integers as Integer, Long or BigInteger. Nothing is executed: every Python name is mapped to a
 * Java function or to an inert {@link OpaqueObject}.
 *
 * <p>Why opcodes are overridden in {@link #dispatch} rather than constructors registered with
 * {@link Unpickler#registerConstructor}: that registry is a JVM-wide static map, and the same
 * Pyrolite classes unpickle Python rows in Spark (PySpark's SerDe registers its own constructors
 * there). Registering {@code collections.OrderedDict} globally would change how Spark decodes
 * Python data in the same JVM. Resolving names per instance keeps the torch mapping private. The
 * other overrides fix Pyrolite defaults that would lose information:
 *
 * <ul>
 *   <li>{@code EMPTY_DICT}, {@code DICT}, {@code SETITEMS}: Pyrolite builds {@link HashMap}s and
 *       collects each SETITEMS batch (up to 1000 entries) in a HashMap, so key order is lost;
 *       {@link StateDict#tensors()} promises file order.
 *   <li>{@code BUILD}: Pyrolite calls {@code __setstate__}, which for its {@code ClassDict} clears
 *       the map first. A state dict is an {@code OrderedDict} whose BUILD comes <em>after</em> its
 *       SETITEMS and carries only the {@code _metadata} attribute, so BUILD must leave the entries
 *       alone. Attributes are never needed to read tensors, so BUILD's state is dropped.
 * </ul>
 */
final class TorchUnpickler extends Unpickler {

  /** A storage as a persistent id names it, possibly a legacy view: elements [offset, offset+numel). */
  record StorageRef(PickledStorage storage, long offset, long numel) {}

  /** A {@code torch.*Storage} class; {@code dataType} is null for types Restyle cannot read. */
  record StorageType(String name, DataType dataType) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      throw new PickleException("constructing torch." + name + " directly is not supported");
    }
  }

  /** Any other Python callable: calling it yields an {@link OpaqueObject} that only knows its type. */
  record OpaqueGlobal(String name) implements IObjectConstructor {
    @Override
    public Object construct(Object[] args) {
      return new OpaqueObject(name);
    }
  }

  /** An instance of a Python class Restyle does not interpret (a model, an optimizer, a Namespace…). */
  record OpaqueObject(String pythonType) {}

  private static final Map<String, DataType> STORAGE_TYPES =
      Map.of(
          "FloatStorage", DataType.FLOAT32,
          "DoubleStorage", DataType.FLOAT64,
          "HalfStorage", DataType.FLOAT16,
          "BFloat16Storage", DataType.BFLOAT16,
          "LongStorage", DataType.INT64,
          "IntStorage", DataType.INT32,
          "ShortStorage", DataType.INT16,
          "CharStorage", DataType.INT8,
          "ByteStorage", DataType.UINT8,
          "BoolStorage", DataType.BOOLEAN);

  private static final Map<String, IObjectConstructor> TORCH_GLOBALS = torchGlobals();

  private final Map<String, PickledStorage> storages = new LinkedHashMap<>();

  /** Every storage the pickles read so far referenced, by key, in order of first reference. */
  Map<String, PickledStorage> storages() {
    return Collections.unmodifiableMap(storages);
  }

  /**
   * Reads one pickle. Pyrolite reports malformed input with assorted runtime exceptions (its own
   * PickleException, ClassCastException, IndexOutOfBounds on stack underflow); they become one
   * {@link InvalidWeightsException} naming the file. IOExceptions (end of input) pass through for
   * the caller to explain, since only it knows whether the file is truncated.
   */
  Object load(InputStream in, Path file, String what) throws IOException {
    try {
      return load(in);
    } catch (InvalidWeightsException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new InvalidWeightsException(file + ": cannot read " + what + ": " + e.getMessage(), e);
    }
  }

  @Override
  protected Object dispatch(short opcode) throws PickleException, IOException {
    switch (opcode) {
      case Opcodes.GLOBAL -> {
        String module = PickleUtils.readline(input);
        String name = PickleUtils.readline(input);
        stack.add(resolve(module, name));
      }
      case Opcodes.STACK_GLOBAL -> {
        String name = (String) stack.pop();
        String module = (String) stack.pop();
        stack.add(resolve(module, name));
      }
      case Opcodes.EMPTY_DICT -> stack.add(new LinkedHashMap<>());
      case Opcodes.DICT -> {
        Map<Object, Object> dict = new LinkedHashMap<>();
        putPairs(dict, stack.pop_all_since_marker());
        stack.add(dict);
      }
      case Opcodes.SETITEMS -> {
        List<Object> pairs = stack.pop_all_since_marker();
        putPairs(asDict(stack.peek()), pairs);
      }
      case Opcodes.BUILD -> stack.pop(); // the state; the target stays on the stack unchanged
      default -> {
        return super.dispatch(opcode);
      }
    }
    return NO_RETURN_VALUE;
  }

  /**
   * A storage reference: {@code ('storage', storage_type, key, location, numel)} in the zip format,
   * plus {@code view_metadata} (None, or {@code (view_key, offset, size)} in elements) in the legacy
   * one. The same key always resolves to the same {@link PickledStorage}, which is how tensors that
   * share a storage find the same bytes.
   */
  @Override
  protected Object persistentLoad(Object pid) {
    if (!(pid instanceof Object[] id) || id.length < 5 || !"storage".equals(id[0])) {
      throw new PickleException("unsupported persistent id " + TorchStateDicts.describe(pid));
    }
    if (!(id[1] instanceof StorageType type)) {
      throw new PickleException("unknown storage type " + TorchStateDicts.describe(id[1]));
    }
    if (type.dataType() == null) {
      throw new PickleException("tensors stored as torch." + type.name() + " are not supported");
    }
    String key = String.valueOf(id[2]);
    long numel = toLong(id[4], "storage size");
    if (numel < 0) {
      throw new PickleException("storage " + key + " has negative size " + numel);
    }
    PickledStorage storage = storages.computeIfAbsent(key, k -> new PickledStorage(k, type.dataType(), numel));
    if (storage.dataType() != type.dataType() || storage.numel() != numel) {
      throw new PickleException(
          "storage " + key + " is referenced both as " + storage.numel() + " x " + storage.dataType() + " and as "
              + numel + " x " + type.dataType() + "; storages shared across dtypes are not supported");
    }
    Object view = id.length > 5 ? id[5] : null;
    if (view == null) {
      return new StorageRef(storage, 0, numel);
    }
    if (!(view instanceof Object[] v) || v.length != 3) {
      throw new PickleException("unsupported storage view " + TorchStateDicts.describe(view));
    }
    long offset = toLong(v[1], "storage view offset");
    long size = toLong(v[2], "storage view size");
    if (offset < 0 || size < 0 || offset + size > numel) {
      throw new PickleException(
          "storage view [" + offset + ", " + (offset + size) + ") lies outside storage " + key + " of " + numel + " elements");
    }
    return new StorageRef(storage, offset, size);
  }

  private static IObjectConstructor resolve(String module, String name) {
    String qualified = module + "." + name;
    IObjectConstructor known = TORCH_GLOBALS.get(qualified);
    if (known != null) {
      return known;
    }
    if ((module.equals("torch") || module.equals("torch.cuda")) && name.endsWith("Storage")) {
      return new StorageType(name, STORAGE_TYPES.get(name));
    }
    if (module.equals("torch._utils") && name.startsWith("_rebuild_")) {
      return args -> {
        throw new PickleException(
            "tensors rebuilt by torch._utils." + name + " (quantized, sparse or other special tensors) are not supported");
      };
    }
    IObjectConstructor pyrolite = objectConstructors.get(qualified); // datetime, set, bytearray, ...
    return pyrolite != null ? pyrolite : new OpaqueGlobal(qualified);
  }

  private static Map<String, IObjectConstructor> torchGlobals() {
    Map<String, IObjectConstructor> globals = new HashMap<>();
    globals.put("collections.OrderedDict", TorchUnpickler::orderedDict);
    // torch < 0.4 (the 2017 torchvision files): (storage, storage_offset, size, stride)
    globals.put("torch._utils._rebuild_tensor", args -> rebuildTensor("_rebuild_tensor", args, 4, 4));
    // torch >= 0.4: ... requires_grad, backward_hooks[, metadata]
    globals.put("torch._utils._rebuild_tensor_v2", args -> rebuildTensor("_rebuild_tensor_v2", args, 6, 7));
    // nn.Parameter: (data, requires_grad, backward_hooks[, state]); the parameter is its data
    globals.put("torch._utils._rebuild_parameter", args -> parameterData(args, 3));
    globals.put("torch._utils._rebuild_parameter_with_state", args -> parameterData(args, 4));
    // tensor subclasses (torch >= 1.12): (func, type, args, state) → func(*args)
    IObjectConstructor fromType = TorchUnpickler::rebuildFromType;
    globals.put("torch._utils._rebuild_from_type_v2", fromType);
    globals.put("torch._tensor._rebuild_from_type_v2", fromType);
    // copyreg._reconstructor(cls, base, state): plain Python objects, opaque to us
    IObjectConstructor reconstructor =
        args -> new OpaqueObject(args.length > 0 && args[0] instanceof OpaqueGlobal g ? g.name() : "object");
    globals.put("copy_reg._reconstructor", reconstructor);
    globals.put("copyreg._reconstructor", reconstructor);
    return Map.copyOf(globals);
  }

  private static Object orderedDict(Object[] args) {
    Map<Object, Object> dict = new LinkedHashMap<>();
    if (args.length == 1 && args[0] instanceof Map<?, ?> entries) {
      dict.putAll(entries);
    } else if (args.length == 1 && args[0] instanceof List<?> items) {
      // Python 2's pure-Python OrderedDict pickles as OrderedDict([[key, value], ...]): the form of
      // the 2017 torchvision files. Tuples are accepted too.
      for (Object item : items) {
        List<?> pair = item instanceof Object[] tuple ? Arrays.asList(tuple) : item instanceof List<?> l ? l : null;
        if (pair == null || pair.size() != 2) {
          throw new PickleException("OrderedDict item is not a pair: " + TorchStateDicts.describe(item));
        }
        dict.put(pair.get(0), pair.get(1));
      }
    } else if (args.length > 0) {
      throw new PickleException("unsupported OrderedDict arguments");
    }
    return dict;
  }

  private static PickledTensor rebuildTensor(String function, Object[] args, int minArgs, int maxArgs) {
    requireArgs(function, args, minArgs, maxArgs);
    if (!(args[0] instanceof StorageRef ref)) {
      throw new PickleException(function + " expects a storage, got " + TorchStateDicts.describe(args[0]));
    }
    long storageOffset = toLong(args[1], "storage offset");
    long[] shape = toLongs(args[2], "size");
    long[] stride = toLongs(args[3], "stride");
    if (shape.length != stride.length) {
      throw new PickleException(function + ": size has " + shape.length + " dimensions, stride " + stride.length);
    }
    if (storageOffset < 0
        || Arrays.stream(shape).anyMatch(d -> d < 0)
        || Arrays.stream(stride).anyMatch(s -> s < 0)) {
      throw new PickleException(function + ": negative offset, size or stride");
    }
    return new PickledTensor(
        ref.storage(), ref.offset() + storageOffset, shape, stride, ref.offset() + ref.numel());
  }

  private static Object parameterData(Object[] args, int count) {
    requireArgs("_rebuild_parameter", args, count, count);
    return args[0];
  }

  private static Object rebuildFromType(Object[] args) {
    requireArgs("_rebuild_from_type_v2", args, 4, 4);
    if (!(args[0] instanceof IObjectConstructor function) || !(args[2] instanceof Object[] functionArgs)) {
      throw new PickleException("_rebuild_from_type_v2: unexpected arguments");
    }
    return function.construct(functionArgs);
  }

  private static void requireArgs(String function, Object[] args, int min, int max) {
    if (args.length < min || args.length > max) {
      String expected = min == max ? Integer.toString(min) : min + " to " + max;
      throw new PickleException("torch._utils." + function + " expects " + expected + " arguments, got " + args.length);
    }
  }

  /** Pickled integers arrive as Integer, Long or BigInteger depending on their size and opcode. */
  static long toLong(Object value, String what) {
    if (value instanceof Integer || value instanceof Long || value instanceof Short || value instanceof Byte) {
      return ((Number) value).longValue();
    }
    if (value instanceof BigInteger big && big.bitLength() < Long.SIZE) {
      return big.longValue();
    }
    throw new PickleException(what + " is not an int64: " + TorchStateDicts.describe(value));
  }

  private static long[] toLongs(Object value, String what) {
    List<?> items;
    if (value instanceof Object[] tuple) {
      items = Arrays.asList(tuple);
    } else if (value instanceof List<?> list) {
      items = list;
    } else {
      throw new PickleException(what + " is not a tuple: " + TorchStateDicts.describe(value));
    }
    long[] result = new long[items.size()];
    for (int i = 0; i < result.length; i++) {
      result[i] = toLong(items.get(i), what);
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<Object, Object> asDict(Object target) {
    if (!(target instanceof Map<?, ?>)) {
      throw new PickleException("SETITEMS on " + TorchStateDicts.describe(target) + ", which is not a dict");
    }
    return (Map<Object, Object>) target;
  }

  private static void putPairs(Map<Object, Object> dict, List<Object> flat) {
    if (flat.size() % 2 != 0) {
      throw new PickleException("odd number of items for a dict");
    }
    for (int i = 0; i < flat.size(); i += 2) {
      dict.put(flat.get(i), flat.get(i + 1));
    }
  }
}
