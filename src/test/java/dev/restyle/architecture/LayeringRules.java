package dev.restyle.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.CompositeArchRule;
import java.util.ArrayList;
import java.util.List;

/**
 * The rules of docs/architecture.md, "Rules", as ArchUnit rules. {@link ArchitectureTest} holds the
 * production classes to them; {@link ArchitectureRulesCatchViolationsTest} proves each rule fails on a
 * class that breaks it.
 */
final class LayeringRules {

  /** Top to bottom: a package may import only packages below it. */
  static final List<String> LAYERS = List.of(
      "cli", "bench", "report", "spark", "metrics", "storage", "transfer", "params", "model", "image", "support");

  /** The packages that must run without Spark or Hadoop: the algorithm and what it stands on. */
  static final List<String> ENGINE = List.of("image", "model", "transfer", "params", "support");

  private LayeringRules() {}

  static final ArchRule ENGINE_IMPORTS_NO_SPARK_OR_HADOOP = noClasses()
      .that().resideInAnyPackage(packages(ENGINE))
      .should().dependOnClassesThat().resideInAnyPackage("org.apache.spark..", "org.apache.hadoop..", "scala..")
      .as("image, model, transfer, params and support never import Spark, Hadoop or Scala");

  static final ArchRule NOTHING_IMPORTS_A_PACKAGE_ABOVE_IT = layering();

  static final ArchRule NO_CYCLES_BETWEEN_PACKAGES = slices().matching("dev.restyle.(*)..")
      .should().beFreeOfCycles()
      .as("no cycles between the top-level packages");

  static final ArchRule NO_TEST_CODE_IN_PRODUCTION = noClasses()
      .that().resideInAPackage("dev.restyle..")
      .should().dependOnClassesThat().resideInAnyPackage("org.junit..", "org.assertj..", "com.tngtech.archunit..",
          "dev.restyle.testing..", "dev.restyle.architecture..")
      .orShould().haveSimpleNameEndingWith("Test")
      .as("no test-only class or test library on the production class path");

  private static ArchRule layering() {
    List<ArchRule> rules = new ArrayList<>();
    for (int i = 1; i < LAYERS.size(); i++) {
      rules.add(noClasses().that().resideInAPackage("dev.restyle." + LAYERS.get(i) + "..")
          .should().dependOnClassesThat().resideInAnyPackage(packages(LAYERS.subList(0, i)))
          .as(LAYERS.get(i) + " imports no package above it (" + String.join(", ", LAYERS.subList(0, i)) + ")")
          // A class set without this layer passes its part; ArchitectureTest checks every layer has classes.
          .allowEmptyShould(true));
    }
    return CompositeArchRule.of(rules).as("nothing imports a package above it, in the order " + LAYERS);
  }

  private static String[] packages(List<String> names) {
    return names.stream().map(name -> "dev.restyle." + name + "..").toArray(String[]::new);
  }
}
