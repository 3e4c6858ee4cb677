package dev.restyle.model;

/**
 * How pixels in [0,1] become the inputs VGG19's weights were trained on. The two published VGG19s differ:
 * torchvision's ({@code vgg19-dcbb9e9d.pth}) takes RGB, {@code (x − mean) / std} with ImageNet's mean and
 * standard deviation of [0,1] pixels; jcjohnson/neural-style's Caffe model converted to PyTorch
 * ({@code vgg19-d01eb7cb.pth}, as neural-style-pt uses it) takes BGR, 0–255, minus the per-channel mean
 * pixel and no division.
 */
public enum Preprocessing {

  /** Caffe's for the converted Caffe file, recognized by its sha256; torchvision's for any other weights. */
  AUTO,

  /** BGR order, {@code 255·x − (103.939, 116.779, 123.68)} (B, G, R), no standard deviation. */
  CAFFE,

  /** RGB order, {@code (x − (0.485, 0.456, 0.406)) / (0.229, 0.224, 0.225)}: what Restyle always did. */
  TORCHVISION;

  /**
   * The start of the sha256 of {@code vgg19-d01eb7cb.pth}: its name carries the first 8 hex digits of its
   * digest, as torchvision's {@code vgg19-dcbb9e9d.pth} does (torch.hub's naming rule). The whole digest could
   * not be checked here, so the prefix is what is matched.
   */
  public static final String CAFFE_VGG19_SHA256_PREFIX = "d01eb7cb";

  /** This choice for weights of the given identity ({@code sha256:<hex>}, or {@code untrained:…}): never AUTO. */
  public Preprocessing resolve(String weightsId) {
    if (this != AUTO) {
      return this;
    }
    return isCaffeVgg19(weightsId) ? CAFFE : TORCHVISION;
  }

  /** Whether the identity is that of the converted Caffe file. */
  public static boolean isCaffeVgg19(String weightsId) {
    return weightsId != null && weightsId.startsWith("sha256:" + CAFFE_VGG19_SHA256_PREFIX);
  }

  /** The name users write: {@code caffe}. */
  public String id() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
