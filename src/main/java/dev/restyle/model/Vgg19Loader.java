package dev.restyle.model;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.restyle.model.weights.InvalidWeightsException;
import dev.restyle.model.weights.StateDict;
import dev.restyle.model.weights.StoredTensor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/** Builds a {@link Vgg19} from a state dict, reading only the convolutions up to the deepest layer. */
public final class Vgg19Loader {

  private Vgg19Loader() {}

  /**
   * @param source how to name the weights in error messages (a path or URI)
   * @param weightsId the identity recorded with every result computed by this model
   */
  public static Vgg19 load(
      StateDict stateDict, String source, String weightsId, VggLayer deepest, Pooling pooling, Device device) {
    return load(stateDict, source, weightsId, deepest, pooling, device, DataType.FLOAT32);
  }

  /**
   * @param precision float32 for real work; float64 lets tests compare optimizer trajectories with
   *     PyTorch where float32 rounding would be amplified
   */
  public static Vgg19 load(StateDict stateDict, String source, String weightsId, VggLayer deepest,
      Pooling pooling, Device device, DataType precision) {
    List<VggLayer> layers = Vgg19Architecture.upTo(deepest);
    Vgg19StateDictCheck.validate(stateDict, source, layers);
    Vgg19Features block = new Vgg19Features(deepest, pooling, ActivationLayout.preferredFor(device));
    NDManager manager = NDManager.newBaseManager(device);
    try {
      for (VggLayer layer : layers) {
        if (layer.kind() == VggLayer.Kind.CONV) {
          block.setWeights(
              layer,
              toArray(manager, stateDict.tensors().get(layer.weightKey()), precision),
              toArray(manager, stateDict.tensors().get(layer.biasKey()), precision));
        }
      }
      InputNormalization torchvision = ImageNetNormalization.in(manager);
      block.setNormalization(torchvision);
      block.freezeParameters(true);
      return new Vgg19(block, manager, weightsId, new Vgg19.Normalizations(torchvision,
          CaffeNormalization.in(manager), caffeLayoutProblem(stateDict, source, weightsId)));
    } catch (RuntimeException e) {
      manager.close();
      throw e;
    }
  }

  /**
   * Why these weights cannot be read with Caffe's preprocessing, or null. Seeded weights are generated, not a
   * file, so any preprocessing may use them.
   */
  private static String caffeLayoutProblem(StateDict stateDict, String source, String weightsId) {
    if (weightsId.startsWith("untrained:")) {
      return null;
    }
    try {
      CaffeVgg19Layout.check(stateDict.tensors().keySet(), source);
      return null;
    } catch (InvalidWeightsException e) {
      return e.getMessage();
    }
  }

  private static NDArray toArray(NDManager manager, StoredTensor tensor, DataType precision) {
    try {
      NDArray stored = manager.create(tensor.read(), new Shape(tensor.shape()), DataType.FLOAT32);
      return precision == DataType.FLOAT32 ? stored : stored.toType(precision, false);
    } catch (IOException e) {
      throw new UncheckedIOException("could not read '" + tensor.key() + "'", e);
    }
  }
}
