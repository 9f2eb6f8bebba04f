package org.torchparity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

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
  void ioIsEngineFree() {
    noClasses()
        .that()
        .resideInAPackage("org.torchparity.io..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("ai.djl..", "org.torchparity.nn..", "org.torchparity.engine..")
        .because(
            "case and weight files are parsed and written in plain Java, so reading or checking a"
                + " file needs no native engine")
        .check(classes);
  }

  @Test
  void nnDoesNotDependOnTheTools() {
    noClasses()
        .that()
        .resideInAPackage("org.torchparity.nn..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.torchparity.parity..", "org.torchparity.cli..", "org.torchparity.bench..")
        .because(
            "the layers are the library; parity checks, the command line and the benchmarks are"
                + " tools built on it")
        .check(classes);
  }

  @Test
  void packagesAreFreeOfCycles() {
    slices()
        .matching("org.torchparity.(*)..")
        .should()
        .beFreeOfCycles()
        .because("each package builds on the ones below it")
        .check(classes);
  }

  @Test
  void conversionAndBenchMachineryAreNotPublic() {
    classes()
        .that()
        .haveFullyQualifiedName("org.torchparity.nn.TensorConversion")
        .should()
        .notBePublic()
        .because("Tensor <-> NDArray conversion is how nn talks to DJL, not API")
        .check(classes);
    classes()
        .that()
        .resideInAPackage("org.torchparity.bench")
        .and()
        .areTopLevelClasses()
        .and()
        .doNotHaveSimpleName("BenchCase")
        .and()
        .doNotHaveSimpleName("BenchRun")
        .and()
        .doNotHaveSimpleName("BenchReport")
        .should()
        .notBePublic()
        .because("the bench command needs only its cases, the run and the report")
        .check(classes);
  }

  @Test
  void engineInternalsAreUsedOnlyByEngineAndNn() {
    for (String name : new String[] {"OneDnnGuard", "IntraOpThreads"}) {
      classes()
          .that()
          .haveFullyQualifiedName("org.torchparity.engine." + name)
          .should()
          .onlyBeAccessed()
          .byAnyPackage("org.torchparity.engine..", "org.torchparity.nn..")
          .because(
              "the oneDNN switch and the thread policy wrap nn's libtorch calls; public only because"
                  + " nn is another package")
          .check(classes);
    }
  }

  @Test
  void djlBlocksSitOnTheLibraryAndNothingBelowUsesThem() {
    noClasses()
        .that()
        .resideInAPackage("org.torchparity.djl..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "org.torchparity.parity..",
            "org.torchparity.cli..",
            "org.torchparity.bench..",
            "org.torchparity.reference..")
        .because("the DJL blocks wrap the library (nn, spec, engine, io), not the tools")
        .check(classes);
    noClasses()
        .that()
        .resideInAnyPackage(
            "org.torchparity.nn..",
            "org.torchparity.spec..",
            "org.torchparity.engine..",
            "org.torchparity.io..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("org.torchparity.djl..")
        .because("the layers know nothing of the DJL block that wraps them")
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
