package dev.restyle.model;

import ai.djl.engine.Engine;
import ai.djl.engine.StandardCapabilities;
import ai.djl.pytorch.jni.LibUtils;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the PyTorch natives loaded in this JVM can do. A GPU that Spark assigns is only usable when the
 * natives were built with CUDA; the CPU-only natives from the Maven jar fail on the first CUDA tensor.
 */
public final class TorchNatives {

  private static final Pattern FLAVOR = Pattern.compile("-(cpu|cpu-precxx11|cu\\d+|rocm[\\d.]*)-");

  private TorchNatives() {}

  /** Whether the loaded libtorch was built with CUDA (its own build features, not the machine's driver). */
  public static boolean hasCuda() {
    return Engine.getEngine("PyTorch").hasCapability(StandardCapabilities.CUDA);
  }

  /**
   * The loaded libtorch, e.g. {@code libtorch 2.7.1, flavor cpu, from …/2.7.1-20250812-cpu-linux-x86_64}.
   * DJL names the folder it unpacks the natives to version-[build-]flavor-platform; natives from
   * {@code PYTORCH_LIBRARY_PATH} have the flavor that PYTORCH_FLAVOR declared.
   */
  public static String description() {
    hasCuda(); // loads the natives if nothing has yet
    String folder = LibUtils.getLibtorchPath();
    Path name = Path.of(folder).getFileName();
    Matcher flavor = FLAVOR.matcher(name == null ? folder : name.toString());
    String declared = System.getenv("PYTORCH_FLAVOR");
    return String.format("libtorch %s, flavor %s, from %s", LibUtils.getVersion(),
        flavor.find() ? flavor.group(1) : declared != null ? declared : "unknown", folder);
  }
}
