package dev.restyle.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonParser;
import dev.restyle.cli.RunCommand;
import dev.restyle.spark.JobConfig;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every deploy template names Restyle's real main class, only flags the job's own parser accepts, and only
 * configuration keys that exist in the Spark and Hadoop versions the project pins (their config
 * registries: Spark core, SQL and Kubernetes; Hadoop's s3a and YARN constants).
 */
class DeployTemplatesTest {

  private static final Pattern RESOURCE_KEY =
      Pattern.compile("spark\\.(executor|driver|task)\\.resource\\.[a-z]+\\.(amount|discoveryScript|vendor)");
  /** Keys whose defining class is not on any Restyle class path (YARN's ResourceManager server). */
  private static final Set<String> UNVERIFIABLE = Set.of("yarn.scheduler.capacity.resource-calculator");
  private static final Map<String, String> PLACEHOLDERS = Map.of("$PAIRS", "s3a://b/pairs.csv", "$OUTPUT",
      "s3a://b/restyle", "$WEIGHTS", "s3a://b/vgg19-dcbb9e9d.pth", "$IMAGE", "img", "$K8S_API", "https://k8s",
      "$(date -u +%Y-%m-%d)", "2026-11-22", "$here", "deploy/kubernetes");

  @Test
  void kubernetesSubmitUsesRealKeysTheMainClassAndValidJobFlags() throws Exception {
    checkSubmitScript(Path.of("deploy/kubernetes/spark-submit.sh"), "local:///opt/restyle/restyle.jar");
  }

  @Test
  void emrSubmitUsesRealKeysTheMainClassAndValidJobFlags() throws Exception {
    checkSubmitScript(Path.of("deploy/emr/spark-submit-step.sh"), "s3a://restyle-artifacts/restyle.jar");
  }

  @Test
  void emrConfigurationsNameOnlyKeysOfThePinnedVersions() throws Exception {
    JsonElement configurations = JsonParser.parseString(Files.readString(Path.of("deploy/emr/configurations.json")));
    List<String> checked = new ArrayList<>();
    for (JsonElement classification : configurations.getAsJsonArray()) {
      String name = classification.getAsJsonObject().get("Classification").getAsString();
      for (String key : classification.getAsJsonObject().getAsJsonObject("Properties").keySet()) {
        if (name.equals("spark-defaults")) {
          assertSparkKey(key);
        } else {
          assertThat(hadoopKeys().contains(key) || UNVERIFIABLE.contains(key)).as(name + ": " + key).isTrue();
        }
        checked.add(key);
      }
    }
    assertThat(checked).contains("yarn.nodemanager.resource-plugins", "spark.executor.resource.gpu.amount");
  }

  @Test
  void sparkDefaultsNameOnlyRealKeysIncludingTheCommentedGpuExamples() throws Exception {
    List<String> keys = new ArrayList<>();
    for (String line : Files.readAllLines(Path.of("conf/spark-defaults.conf"))) {
      String setting = line.replaceFirst("^#\\s*(?=spark\\.)", "").strip();
      if (setting.startsWith("spark.")) {
        keys.add(setting.split("\\s+")[0]);
      }
    }
    assertThat(keys).contains("spark.executor.resource.gpu.amount", "spark.task.resource.gpu.amount",
        "spark.executor.resource.gpu.discoveryScript", "spark.task.cpus");
    keys.forEach(DeployTemplatesTest::assertSparkKey);
  }

  @Test
  void nightlyRunsTheSubmitWrapperWithTheDateAsRunIdAndSkipDone() throws Exception {
    List<String> command = SubmitTemplateTest.dryRun(Map.of("RESTYLE_PAIRS", "s3a://b/pairs.csv", "RESTYLE_OUTPUT",
        "s3a://b/restyle", "RESTYLE_WEIGHTS", "s3a://b/vgg19.pth", "RESTYLE_RUNNER", "submit"),
        "jobs/nightly.sh", "--max-failed-fraction", "0.01");
    int jar = indexOfJar(command, "restyle.jar");
    JobConfig config = RunCommand.parse(command.subList(jar + 1, command.size()).toArray(String[]::new));
    assertThat(config.output().runId()).matches("\\d{4}-\\d{2}-\\d{2}");
    assertThat(config.execution().skipDone()).isTrue();
    assertThat(config.limits().maxFailedFraction()).isEqualTo(0.01);
    for (String scheduler : List.of("deploy/schedule/crontab", "deploy/schedule/restyle_nightly_dag.py")) {
      assertThat(Files.readString(Path.of(scheduler))).contains("jobs/nightly.sh --max-failed-fraction 0.01");
    }
  }

  private static void checkSubmitScript(Path script, String jarUri) throws Exception {
    List<String> tokens = tokens(script);
    assertThat(Class.forName(tokens.get(tokens.indexOf("--class") + 1))).isEqualTo(RunCommand.class);
    Map<String, String> conf = new LinkedHashMap<>();
    for (int i = 0; i < tokens.size() - 1; i++) {
      if (tokens.get(i).equals("--conf")) {
        String kv = tokens.get(i + 1);
        conf.put(kv.substring(0, kv.indexOf('=')), kv.substring(kv.indexOf('=') + 1));
      }
    }
    assertThat(conf).containsKeys("spark.executor.resource.gpu.amount", "spark.task.resource.gpu.amount");
    conf.keySet().forEach(DeployTemplatesTest::assertSparkKey);
    int jar = tokens.indexOf(jarUri);
    assertThat(jar).as("jar " + jarUri + " in " + script).isPositive();
    JobConfig config = RunCommand.parse(tokens.subList(jar + 1, tokens.size()).toArray(String[]::new));
    assertThat(config.catalog()).isEqualTo(new JobConfig.CatalogSource.Manifest("s3a://b/pairs.csv"));
    assertThat(config.output().runId()).isEqualTo("2026-11-22");
  }

  static void assertSparkKey(String key) {
    if (RESOURCE_KEY.matcher(key).matches() || key.startsWith("spark.executorEnv.")) {
      return; // families Spark documents by pattern, not as single entries
    }
    if (key.startsWith("spark.hadoop.")) {
      assertThat(hadoopKeys()).as(key).contains(key.substring("spark.hadoop.".length()));
      return;
    }
    assertThat(SparkConfigRegistry.find(key)).as("Spark 4.1 has no configuration " + key).isTrue();
  }

  /** The string constants of Hadoop's s3a and YARN configuration classes: the keys they define. */
  private static Set<String> hadoopKeys() {
    Set<String> keys = new HashSet<>();
    for (Class<?> holder : new Class<?>[] {org.apache.hadoop.fs.s3a.Constants.class,
        org.apache.hadoop.yarn.conf.YarnConfiguration.class}) {
      for (Field field : holder.getFields()) {
        if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
          try {
            keys.add((String) field.get(null));
          } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
          }
        }
      }
    }
    return keys;
  }

  /** The script's words after joining continued lines and filling in its placeholders. */
  private static List<String> tokens(Path script) throws Exception {
    String text = Files.readString(script).replace("\\\n", " ");
    for (Map.Entry<String, String> placeholder : PLACEHOLDERS.entrySet()) {
      text = text.replace("\"" + placeholder.getKey() + "\"", placeholder.getValue())
          .replace(placeholder.getKey(), placeholder.getValue());
    }
    List<String> tokens = new ArrayList<>();
    for (String line : text.lines().toList()) {
      if (line.strip().startsWith("spark-submit")) {
        for (String word : line.strip().split("\\s+")) {
          tokens.add(word.replace("\"", ""));
        }
      }
    }
    assertThat(tokens).as("spark-submit command in " + script).isNotEmpty();
    return tokens;
  }

  private static int indexOfJar(List<String> command, String suffix) {
    for (int i = 0; i < command.size(); i++) {
      if (command.get(i).endsWith(suffix)) {
        return i;
      }
    }
    throw new AssertionError("no " + suffix + " in " + command);
  }
}
