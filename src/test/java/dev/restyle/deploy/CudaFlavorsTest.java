package dev.restyle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every CUDA flavor that deploy/ and conf/ name has a JNI library in the pinned pytorch-jni jar: DJL loads
 * {@code jnilib/<platform>/<flavor>/libdjl_torch.so} from it to drive whatever libtorch is installed, so a
 * flavor without one cannot work, whatever the image installs.
 */
class CudaFlavorsTest {

  private static final Pattern FLAVOR = Pattern.compile("\\bcu1\\d\\d\\b");
  private static final Pattern JNI_LIBRARY = Pattern.compile("jnilib/linux-x86_64/([a-z0-9]+)/libdjl_torch\\.so");

  @Test
  void everyNamedCudaFlavorHasAJniLibraryInThePinnedJar() throws IOException {
    Set<String> jniFlavors = jniFlavors();
    assertThat(jniFlavors).as("the jar read is pytorch-jni's").contains("cpu");

    TreeMap<String, Set<String>> named = namedFlavors(Path.of("deploy"), Path.of("conf"));
    assertThat(named).as("the GPU templates name a flavor").isNotEmpty();
    named.forEach((flavor, files) ->
        assertThat(jniFlavors).as("%s, named in %s", flavor, files).contains(flavor));
  }

  @Test
  void theCheckSeesAFlavorWithoutJniLibrary(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("old.sh"), "--conf spark.executorEnv.PYTORCH_FLAVOR=cu124\n");
    assertThat(namedFlavors(dir)).containsOnlyKeys("cu124");
    assertThat(jniFlavors()).doesNotContain("cu124");
  }

  private static Set<String> jniFlavors() throws IOException {
    URL marker = CudaFlavorsTest.class.getClassLoader().getResource("jnilib/linux-x86_64/cpu/libdjl_torch.so");
    assertThat(marker).as("pytorch-jni on the test class path").isNotNull();
    Set<String> flavors = new TreeSet<>();
    try (JarFile jar = ((JarURLConnection) marker.openConnection()).getJarFile()) {
      jar.stream().forEach(entry -> {
        Matcher m = JNI_LIBRARY.matcher(entry.getName());
        if (m.matches()) {
          flavors.add(m.group(1));
        }
      });
    }
    return flavors;
  }

  private static TreeMap<String, Set<String>> namedFlavors(Path... roots) throws IOException {
    TreeMap<String, Set<String>> named = new TreeMap<>();
    for (Path root : roots) {
      try (Stream<Path> files = Files.walk(root)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          Matcher m = FLAVOR.matcher(Files.readString(file));
          while (m.find()) {
            named.computeIfAbsent(m.group(), k -> new TreeSet<>()).add(file.toString());
          }
        }
      }
    }
    return named;
  }
}
