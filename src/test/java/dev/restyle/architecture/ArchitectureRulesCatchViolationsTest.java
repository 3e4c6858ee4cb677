package dev.restyle.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import dev.restyle.image.ImageEncoder;
import dev.restyle.image.LayeringViolations;
import dev.restyle.support.Digests;
import org.junit.jupiter.api.Test;

/**
 * The control for {@link ArchitectureTest}: each rule reports the one bad import in a class made to break
 * it (test sources only), and none in well-behaved production classes, so a rule that could never fail
 * would fail here.
 */
class ArchitectureRulesCatchViolationsTest {

  @Test
  void anEngineClassImportingSparkIsCaught() {
    assertViolation(LayeringRules.ENGINE_IMPORTS_NO_SPARK_OR_HADOOP, LayeringViolations.ImportsSpark.class,
        "org.apache.spark.sql.SparkSession");
  }

  @Test
  void aClassImportingAPackageAboveItIsCaught() {
    assertViolation(LayeringRules.NOTHING_IMPORTS_A_PACKAGE_ABOVE_IT, LayeringViolations.ImportsTransfer.class,
        "dev.restyle.transfer.PairResult");
  }

  @Test
  void aCycleBetweenPackagesIsCaught() {
    JavaClasses classes = new ClassFileImporter().importClasses(LayeringViolations.ImportsTransfer.class,
        dev.restyle.transfer.PairResult.class, ImageEncoder.class, dev.restyle.image.ImageFormat.class);
    EvaluationResult result = LayeringRules.NO_CYCLES_BETWEEN_PACKAGES.evaluate(classes);
    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().toString()).contains("Cycle detected");
  }

  @Test
  void aProductionClassUsingTestCodeIsCaught() {
    assertViolation(LayeringRules.NO_TEST_CODE_IN_PRODUCTION, LayeringViolations.UsesAssertJ.class,
        "org.assertj.core.api.Assertions");
  }

  @Test
  void wellBehavedClassesPassEveryRule() {
    JavaClasses classes = new ClassFileImporter().importClasses(ImageEncoder.class, Digests.class);
    for (ArchRule rule : new ArchRule[] {LayeringRules.ENGINE_IMPORTS_NO_SPARK_OR_HADOOP,
        LayeringRules.NOTHING_IMPORTS_A_PACKAGE_ABOVE_IT, LayeringRules.NO_CYCLES_BETWEEN_PACKAGES,
        LayeringRules.NO_TEST_CODE_IN_PRODUCTION}) {
      assertThat(rule.evaluate(classes).hasViolation()).as(rule.getDescription()).isFalse();
    }
  }

  private static void assertViolation(ArchRule rule, Class<?> offender, String badDependency) {
    EvaluationResult result = rule.evaluate(new ClassFileImporter().importClasses(offender));
    assertThat(result.hasViolation()).as(rule.getDescription()).isTrue();
    assertThat(result.getFailureReport().toString()).contains(offender.getName()).contains(badDependency);
  }
}
