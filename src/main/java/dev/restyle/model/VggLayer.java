package dev.restyle.model;

/**
 * One layer of VGG19's {@code features}, named as in the paper.
 *
 * @param name {@code convA_B}, {@code reluA_B} or {@code poolA}
 * @param index the position in torchvision's {@code features} Sequential, which names the weights
 *     ({@code features.<index>.weight})
 * @param inChannels input channels of a convolution, else equal to {@code outChannels}
 */
public record VggLayer(String name, Kind kind, int index, int inChannels, int outChannels) {

  public enum Kind {
    CONV,
    RELU,
    POOL
  }

  public String weightKey() {
    return "features." + index + ".weight";
  }

  public String biasKey() {
    return "features." + index + ".bias";
  }
}
