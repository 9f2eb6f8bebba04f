package org.torchparity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Keeps the dependency directions that the package names promise. */
class ArchitectureTest {
  private static JavaClasses classes;

  @BeforeAll
  static void importMainClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.torchparity");
  }

  @Test
  void referenceNeverTouchesDjl() {
    noClasses()
        .that()
        .resideInAPackage("..reference..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "org.torchparity.nn..", "org.torchparity.engine..")
        .because("the reference is the independent witness the engine is checked against")
        .check(classes);
  }

  @Test
  void valuePackagesAreEngineFree() {
    noClasses()
        .that()
        .resideInAnyPackage("..spec..", "..format..", "..parity..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("ai.djl..")
        .because("specs, printing and parity checks work without a native engine")
        .check(classes);
  }

  @Test
  void fileIoUsesOnlyDjlSerialisation() {
    noClasses()
        .that()
        .resideInAPackage("..io..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "ai.djl.nn..",
            "ai.djl.pytorch..",
            "ai.djl.engine..",
            "org.torchparity.nn..",
            "org.torchparity.engine..")
        .because("files are decoded by DJL's NDList codecs, into any manager the caller owns")
        .check(classes);
  }

  @Test
  void nothingDependsOnTheCli() {
    noClasses()
        .that()
        .resideOutsideOfPackage("..cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("..cli..")
        .check(classes);
  }
}
