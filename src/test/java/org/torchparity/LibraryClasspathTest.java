package org.torchparity;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Keeps the library apart from the command-line tool (docs/library-and-tool.md): a project that
 * depends on torch-parity gets DJL, JNA, SLF4J's API and Jackson, and none of the tool's libraries.
 * Reads pom.xml as plain XML, so it needs neither Maven nor the network.
 */
class LibraryClasspathTest {
  /** groupId:artifactId of the tool's own libraries: optional, so never passed on to users. */
  private static final Set<String> TOOL_ONLY =
      Set.of(
          "info.picocli:picocli",
          "org.knowm.xchart:xchart",
          "me.tongfei:progressbar",
          "org.slf4j:slf4j-simple");

  /** What a library user gets: declared, neither optional nor test/provided. */
  private static final Set<String> LIBRARY =
      Set.of(
          "ai.djl:api",
          "ai.djl.pytorch:pytorch-engine",
          "ai.djl.pytorch:pytorch-jni",
          "ai.djl.pytorch:pytorch-native-cpu",
          "net.java.dev.jna:jna",
          "org.slf4j:slf4j-api",
          "com.fasterxml.jackson.core:jackson-databind");

  /** A declared dependency of the main build (profiles and plugins left out). */
  private record Dependency(String scope, boolean optional) {
    boolean reachesUsers() {
      return !optional && (scope.equals("compile") || scope.equals("runtime"));
    }
  }

  private static Map<String, Dependency> dependencies() throws Exception {
    Path pom = Path.of(System.getProperty("basedir", "")).toAbsolutePath().resolve("pom.xml");
    assertThat(pom).as("pom.xml next to the tests").isRegularFile();
    DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
    factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
    Element project;
    try (var in = Files.newInputStream(pom)) {
      project = factory.newDocumentBuilder().parse(in).getDocumentElement();
    }
    Map<String, Dependency> found = new LinkedHashMap<>();
    Element dependencies = child(project, "dependencies");
    assertThat(dependencies).as("<project><dependencies>").isNotNull();
    for (Node n = dependencies.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element d && d.getTagName().equals("dependency")) {
        String scope = text(d, "scope", "compile");
        boolean optional = Boolean.parseBoolean(text(d, "optional", "false"));
        found.put(
            text(d, "groupId", "") + ":" + text(d, "artifactId", ""),
            new Dependency(scope, optional));
      }
    }
    return found;
  }

  private static Element child(Element parent, String tag) {
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && e.getTagName().equals(tag)) {
        return e;
      }
    }
    return null;
  }

  private static String text(Element parent, String tag, String absent) {
    Element e = child(parent, tag);
    return e == null ? absent : e.getTextContent().trim();
  }

  @Test
  void theToolsLibrariesAreOptional() throws Exception {
    Map<String, Dependency> declared = dependencies();
    for (String tool : TOOL_ONLY) {
      assertThat(declared).as("pom.xml declares %s", tool).containsKey(tool);
      assertThat(declared.get(tool).reachesUsers())
          .as("%s is the tool's: <optional>true</optional> (or provided/test scope)", tool)
          .isFalse();
    }
  }

  @Test
  void theLibraryGetsExactlyWhatItNeeds() throws Exception {
    Map<String, Dependency> declared = dependencies();
    for (String library : LIBRARY) {
      assertThat(declared).as("pom.xml declares %s", library).containsKey(library);
      assertThat(declared.get(library).reachesUsers())
          .as("%s reaches library users: compile or runtime scope, not optional", library)
          .isTrue();
    }
    // A new dependency must be placed on one side or the other, deliberately.
    declared.forEach(
        (name, d) ->
            assertThat(!d.reachesUsers() || LIBRARY.contains(name))
                .as(
                    "%s would reach every library user: add it to LIBRARY here (and to"
                        + " docs/library-and-tool.md), or make it optional if only the tool uses it",
                    name)
                .isTrue());
  }

  @Test
  void onlyTheToolUsesTheToolsLibraries() {
    JavaClasses main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.torchparity");
    noClasses()
        .that()
        .resideOutsideOfPackages("org.torchparity.cli..", "org.torchparity.bench..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "picocli..",
            "org.knowm.xchart..",
            "me.tongfei.progressbar..",
            "org.jline..",
            "org.slf4j.simple..")
        .because(
            "picocli, XChart, progressbar (with jline) and slf4j-simple are optional dependencies"
                + " of the tool, absent from a library user's class path")
        .check(main);
  }
}
