package dev.restyle.model.weights;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import net.razorvine.pickle.Unpickler;
import net.razorvine.pickle.objects.ClassDict;
import org.junit.jupiter.api.Test;

class TorchUnpicklerTest {

  private static final Path FILE = Path.of("test.pth");

  /** Module.state_dict() pickles its OrderedDict's BUILD (with _metadata) after the SETITEMS. */
  @Test
  void keepsOrderedDictEntriesWhenBuildFollowsSetitems() throws IOException {
    byte[] pickle = orderedDictWithMetadata();

    Object result = new TorchUnpickler().load(new ByteArrayInputStream(pickle), FILE, "test");

    assertThat(result).isInstanceOf(Map.class);
    assertThat(keys(result)).containsExactly("z", "a", "m");
  }

  /**
   * The torch names are resolved per instance, never put into Pyrolite's JVM-wide constructor
   * registry (which Spark's Python SerDe shares): a plain Unpickler still sees Pyrolite's defaults,
   * including the ClassDict whose __setstate__ drops the OrderedDict's entries.
   */
  @Test
  void leavesPyrolitesGlobalRegistryAlone() throws IOException {
    byte[] pickle = orderedDictWithMetadata();
    new TorchUnpickler().load(new ByteArrayInputStream(pickle), FILE, "test");

    Object plain = new Unpickler().loads(pickle);

    assertThat(plain).isInstanceOf(ClassDict.class);
    assertThat(keys(plain)).doesNotContain("z");
  }

  /** Python batches SETITEMS by 1000; Pyrolite collects each batch in a HashMap, losing the order. */
  @Test
  void keepsKeyOrderInLargeDicts() throws IOException {
    PickleBytes pickle = PickleBytes.protocol2().emptyDict().mark();
    List<String> keys = new ArrayList<>();
    for (int i = 300; i > 0; i--) {
      keys.add("layer" + i + ".weight");
      pickle.str("layer" + i + ".weight").integer(i);
    }

    Object result = new TorchUnpickler().load(new ByteArrayInputStream(pickle.setitems().stop()), FILE, "test");

    assertThat(keys(result)).containsExactlyElementsOf(keys);
  }

  /** nn.Parameter: _rebuild_parameter(_rebuild_tensor_v2(...), requires_grad, hooks) is its data. */
  @Test
  void unwrapsParametersAndTensorSubclasses() throws IOException {
    PickleBytes pickle = PickleBytes.protocol2().emptyDict().mark();
    pickle.str("param").global("torch._utils", "_rebuild_parameter").mark();
    tensorV2(pickle, "0", 4, 2);
    pickle.bool(true).global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
    pickle.str("subclass").global("torch._tensor", "_rebuild_from_type_v2").mark();
    pickle.global("torch._utils", "_rebuild_tensor_v2").global("my.module", "MyTensor").mark();
    storage(pickle, "1", 8).integer(3).mark().integer(5).tuple().mark().integer(1).tuple();
    pickle.bool(false).global("collections", "OrderedDict").emptyTuple().reduce().tuple(); // args of func
    pickle.emptyDict().tuple().reduce(); // state
    byte[] bytes = pickle.setitems().stop();

    TorchUnpickler unpickler = new TorchUnpickler();
    Map<?, ?> result = (Map<?, ?>) unpickler.load(new ByteArrayInputStream(bytes), FILE, "test");

    PickledTensor param = (PickledTensor) result.get("param");
    assertThat(param.shape()).containsExactly(2);
    assertThat(param.dataType()).isEqualTo(DataType.FLOAT32);
    PickledTensor subclass = (PickledTensor) result.get("subclass");
    assertThat(subclass.offset()).isEqualTo(3);
    assertThat(subclass.shape()).containsExactly(5);
    assertThat(unpickler.storages().keySet()).containsExactly("0", "1");
  }

  private static List<Object> keys(Object dict) {
    return new ArrayList<>(((Map<?, ?>) dict).keySet());
  }

  private static byte[] orderedDictWithMetadata() {
    return PickleBytes.protocol2()
        .global("collections", "OrderedDict").emptyTuple().reduce()
        .mark().str("z").integer(1).str("a").integer(2).str("m").integer(3).setitems()
        .emptyDict().str("_metadata").emptyDict().setitem().build()
        .stop();
  }

  private static void tensorV2(PickleBytes pickle, String key, int numel, long size) {
    pickle.global("torch._utils", "_rebuild_tensor_v2").mark();
    storage(pickle, key, numel).integer(0).mark().integer(size).tuple().mark().integer(1).tuple();
    pickle.bool(false).global("collections", "OrderedDict").emptyTuple().reduce().tuple().reduce();
  }

  private static PickleBytes storage(PickleBytes pickle, String key, int numel) {
    return pickle.mark().str("storage").global("torch", "FloatStorage").str(key).str("cpu").integer(numel).tuple()
        .binpersid();
  }
}
