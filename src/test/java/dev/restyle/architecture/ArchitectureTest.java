package dev.restyle.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The production classes (target/classes, no tests) keep the layering of docs/architecture.md. */
class ArchitectureTest {

  private static JavaClasses production;

  @BeforeAll
  static void importProductionClasses() {
    production = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_JARS)
        .importPackages("dev.restyle");
  }

  @Test
  void theEngineImportsNoSparkOrHadoop() {
    LayeringRules.ENGINE_IMPORTS_NO_SPARK_OR_HADOOP.check(production);
  }

  @Test
  void nothingImportsAPackageAboveIt() {
    LayeringRules.NOTHING_IMPORTS_A_PACKAGE_ABOVE_IT.check(production);
  }

  @Test
  void thereAreNoCyclesBetweenPackages() {
    LayeringRules.NO_CYCLES_BETWEEN_PACKAGES.check(production);
  }

  @Test
  void noTestCodeIsOnTheProductionClassPath() {
    LayeringRules.NO_TEST_CODE_IN_PRODUCTION.check(production);
  }

  @Test
  void everyTopLevelPackageHasAPlaceInTheOrderAndEveryPlaceHasClasses() {
    List<String> packages = production.stream()
        .map(c -> c.getPackageName().replaceFirst("^dev\\.restyle\\.?", "").split("\\.")[0])
        .distinct().toList();
    // A package outside the order would be held to no rule; a layer without classes would make its rule empty.
    assertThat(packages).containsExactlyInAnyOrderElementsOf(LayeringRules.LAYERS);
  }
}
