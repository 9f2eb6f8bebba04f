package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.torchparity.io.CaseReader;
import org.torchparity.io.ParityCase;
import org.torchparity.parity.ConvKernel;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.Tensor;

class SweepCommandTest {
  private static final String BROKEN = "org.torchparity.examples.DilationIgnoringKernel";

  @Test
  void theDefaultSweepChecksTheReferenceAgainstTheEngineAndExitsZero() {
    CliRunner.Result r = CliRunner.run("sweep", "--count", "50", "--seed", "1");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("sweep: 50 configurations from seed 1: candidate 'reference' against the engine")
        .contains("the pure-Java reference checked against the engine")
        .contains("max abs err vs engine")
        .contains("50 configurations in ")
        .contains(" configs/s")
        .contains("PASS: reference agreed with the engine on all 50 compared configurations.");
    assertThat(r.out().lines().filter(l -> l.startsWith("all ")).findFirst().orElseThrow())
        .matches("all\\s+50\\s+50\\s+0\\s+0\\s+.*");
  }

  @Test
  void theProgressBarStaysQuietWithoutATerminal() {
    // Tests run without a console, as pipes and CI logs do: nothing but the summary is printed.
    assertThat(System.console()).isNull();
    CliRunner.Result r = CliRunner.run("sweep", "--count", "20", "--seed", "2");
    assertThat(r.code()).isEqualTo(ExitCodes.OK);
    assertThat(r.err()).isEmpty();
    assertThat(r.out()).doesNotContain("%").doesNotContain("\r").doesNotContain("\u001b[");
  }

  @Test
  void writesTheThreeReportFiles(@TempDir Path dir) throws Exception {
    Path report = dir.resolve("report-dir");
    CliRunner.Result r =
        CliRunner.run("sweep", "--count", "30", "--seed", "3", "--report", report.toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(report.resolve("report.json")).isRegularFile();
    assertThat(report.resolve("report.md")).isRegularFile();
    assertThat(report.resolve("report.html")).isRegularFile();
    assertThat(report.resolve("smallest-failure.json")).doesNotExist();
    assertThat(r.out()).contains("report: " + report.resolve("report.json"));
    JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
    assertThat(json.get("format").asText()).isEqualTo("torch-parity-sweep/1");
    assertThat(json.get("command").asText()).isEqualTo("torch-parity sweep --count 30 --seed 3");
    assertThat(json.get("configs").asInt()).isEqualTo(30);
    assertThat(json.get("failed").asInt()).isZero();
    assertThat(json.get("candidate").asText()).isEqualTo("reference");
    assertThat(json.get("baseline").asText()).isEqualTo("engine");
    assertThat(Files.readString(report.resolve("report.html")))
        .contains("data:image/png;base64,")
        .contains("PASS: reference agreed with engine on all 30");
  }

  @Test
  void aBrokenKernelExitsThreeAndPrintsItsSmallestFailureAsJavaAndAsACaseFile(@TempDir Path dir)
      throws Exception {
    CliRunner.Result r =
        CliRunner.run(
            "sweep",
            "--count",
            "60",
            "--seed",
            "5",
            "--kernel",
            BROKEN,
            "--layer",
            "conv1d",
            "--report",
            dir.toString());

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.PARITY_FAILED);
    assertThat(r.out())
        .contains("candidate 'ignores-dilation' against the engine")
        .contains("vs reference")
        .contains("FAIL: ")
        .contains(
            "Conv1d(1, 1, kernel_size=(2,), stride=(1,), dilation=(2,)) on input [1, 1, 3]"
                + " float32, input x1, weight x1")
        .contains("--- Java: paste into a test ---")
        .contains("ConvSpec spec = ConvSpec.conv1d(1, 1, 2).dilation(2).build();")
        .contains("ConvKernel kernel = new " + BROKEN + "();")
        .contains("--- torch-parity-case/2 (expected output from the engine, not from PyTorch) ---")
        .contains("\"format\": \"torch-parity-case/2\"");
    ParityCase c = new CaseReader().read(dir.resolve("smallest-failure.json"));
    assertThat(c.convSpec()).isEqualTo(ConvSpec.conv1d(1, 1, 2).dilation(2).build());
    assertThat(c.input().shape()).containsExactly(1, 1, 3);
    assertThat(c.source()).contains("NOT recorded from PyTorch");
  }

  @Test
  void findsTheExampleKernelByItsRegisteredNameAndSkipsWhatItDoesNotSupport() {
    CliRunner.Result r =
        CliRunner.run("sweep", "--count", "40", "--seed", "4", "--kernel", "im2col");

    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("candidate 'im2col' against the engine").contains("PASS: im2col");
    String all = r.out().lines().filter(l -> l.startsWith("all ")).findFirst().orElseThrow();
    String[] columns = all.trim().split("\\s+");
    // all, configs, passed, failed, skipped: ConvTranspose1d configurations are skipped.
    assertThat(Integer.parseInt(columns[3])).isZero();
    assertThat(Integer.parseInt(columns[4])).isPositive();
    assertThat(Integer.parseInt(columns[2]) + Integer.parseInt(columns[4])).isEqualTo(40);
  }

  @Test
  void findsAKernelByClassName() {
    CliRunner.Result r =
        CliRunner.run(
            "sweep",
            "--count",
            "10",
            "--seed",
            "4",
            "--kernel",
            "org.torchparity.examples.Im2colConv1dKernel");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("candidate 'im2col'");
  }

  @Test
  void aMissingKernelClassIsAUsageErrorNamingIt() {
    CliRunner.Result r = CliRunner.run("sweep", "--count", "5", "--kernel", "com.example.NoSuch");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("--kernel: no kernel named 'com.example.NoSuch' is registered (registered:")
        .contains("im2col")
        .contains("no class 'com.example.NoSuch' could be loaded from the classpath");
  }

  @Test
  void aClassThatIsNotAKernelIsAUsageErrorNamingIt() {
    CliRunner.Result r = CliRunner.run("sweep", "--count", "5", "--kernel", "java.lang.String");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains(
            "--kernel: class 'java.lang.String' must implement org.torchparity.parity.ParityKernel (or org.torchparity.parity.ConvKernel)"
                + " but does not");
  }

  /** A kernel the command line cannot create: its only constructor takes an argument. */
  public static final class NeedsAnArgument implements ConvKernel {
    private final String name;

    /**
     * Creates the kernel.
     *
     * @param name its name
     */
    public NeedsAnArgument(String name) {
      this.name = name;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
      throw new UnsupportedOperationException();
    }
  }

  @Test
  void aKernelWithoutANoArgumentConstructorIsAUsageErrorNamingIt() {
    String name = NeedsAnArgument.class.getName();
    CliRunner.Result r = CliRunner.run("sweep", "--count", "5", "--kernel", name);
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains(
            "--kernel: class '"
                + name
                + "' must have a public no-argument constructor but has none");
  }

  @Test
  void badOptionValuesAreUsageErrorsQuotingTheValue() {
    CliRunner.Result layer = CliRunner.run("sweep", "--layer", "conv2d");
    assertThat(layer.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(layer.err())
        .contains("option '--layer'")
        // The layer families append their sweepable layers after these four.
        .contains("must be conv1d, conv_transpose1d, relu, sequential, ")
        .contains(" or all but was 'conv2d'");

    CliRunner.Result dtype = CliRunner.run("sweep", "--dtype", "float16");
    assertThat(dtype.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(dtype.err())
        .contains("option '--dtype'")
        .contains("must be float32, float64 or all but was 'float16'");

    CliRunner.Result count = CliRunner.run("sweep", "--count", "0");
    assertThat(count.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(count.err())
        .contains("option '--count'")
        .contains("must be an integer from 1 to 100000 but was '0'");
  }

  @Test
  void valuesThatOverflowOrExhaustMemoryAreRefusedBeforeAnythingRuns() {
    // Each of these used to end in an OutOfMemoryError or in "bound must be positive".
    String[][] refused = {
      {"--count", "2147483647", "must be an integer from 1 to 100000 but was '2147483647'"},
      {"--count", "99999999999", "must be an integer from 1 to 100000 but was '99999999999'"},
      {"--max-extra-length", "100000000", "from 0 to 4096 but was '100000000'"},
      {"--max-batch", "2147483647", "from 0 to 256 but was '2147483647'"},
      {"--max-batch", "-1", "from 0 to 256 but was '-1'"},
      {"--seed", "1.5", "must be an integer from -9223372036854775808 to 9223372036854775807"},
      {"--device", "tpu", "must be 'cpu', 'cuda' or 'cuda:N' but was 'tpu'"},
    };
    for (String[] row : refused) {
      CliRunner.Result r = CliRunner.run("sweep", row[0], row[1]);
      assertThat(r.code()).as(row[0] + " " + row[1]).isEqualTo(ExitCodes.USAGE);
      assertThat(r.out()).as("nothing ran").isEmpty();
      assertThat(r.err())
          .startsWith("torch-parity: error: Invalid value for option '" + row[0] + "'")
          .contains(row[2])
          .endsWith("see 'torch-parity sweep --help'\n")
          .doesNotContain("--verbose");
      assertThat(r.err().lines()).hasSize(2);
    }
  }

  @Test
  void aReportPathThatCannotBeAFolderIsRefusedBeforeTheSweep(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("a-file"), "keep me");
    CliRunner.Result r = CliRunner.run("sweep", "--count", "5", "--report", file.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).as("the sweep did not run").isEmpty();
    assertThat(r.err()).contains("--report: '" + file + "' is a regular file, not a folder");
    assertThat(Files.readString(file)).isEqualTo("keep me");

    r = CliRunner.run("sweep", "--count", "5", "--report", "/dev/full");
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err()).contains("--report: '/dev/full' is a device or pipe, not a folder");

    Path deep = dir.resolve("missing").resolve("report");
    r = CliRunner.run("sweep", "--count", "5", "--report", deep.toString());
    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.err())
        .contains("--report: the folder '" + dir.resolve("missing") + "' does not exist");
    assertThat(dir.resolve("missing")).doesNotExist();
  }

  @Test
  void aSymbolicLinkPlantedInTheReportFolderIsNeverFollowed(@TempDir Path dir) throws Exception {
    Path outside = Files.writeString(dir.resolve("outside.txt"), "not the report's");
    Path report = Files.createDirectory(dir.resolve("report"));
    Files.createSymbolicLink(report.resolve("report.md"), outside);

    CliRunner.Result r = CliRunner.run("sweep", "--count", "5", "--report", report.toString());

    assertThat(r.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(r.out()).isEmpty();
    assertThat(r.err())
        .contains("--report: '" + report.resolve("report.md") + "' is a symbolic link")
        .contains("does not write through links");
    assertThat(Files.readString(outside)).isEqualTo("not the report's");
  }

  /** Kernels that break in ways a Java kernel can: each must stay its case's FAIL. */
  public static final class OverflowsItsStack implements ConvKernel {
    /** Creates the kernel. */
    public OverflowsItsStack() {}

    @Override
    public String name() {
      return "overflows";
    }

    @Override
    public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
      return forward(spec, input, weight, bias);
    }
  }

  /** Fails its own assertion. */
  public static final class FailsAnAssertion implements ConvKernel {
    /** Creates the kernel. */
    public FailsAnAssertion() {}

    @Override
    public String name() {
      return "asserts";
    }

    @Override
    public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
      throw new AssertionError("the kernel's own invariant");
    }
  }

  /** Asks for more heap than any test JVM has. */
  public static final class RunsOutOfMemory implements ConvKernel {
    /** Creates the kernel. */
    public RunsOutOfMemory() {}

    @Override
    public String name() {
      return "hungry";
    }

    @Override
    public Tensor forward(ConvSpec spec, Tensor input, Tensor weight, Tensor bias) {
      // (2^31 - 16) doubles are 16 GiB, beyond the test JVM's -Xmx2g: refused at once.
      double[] huge = new double[Integer.MAX_VALUE - 16];
      return huge.length > 0 ? input : null;
    }
  }

  @Test
  void aKernelThatThrowsAnErrorFailsItsCasesAndTheSweepReachesItsSummary() {
    String[][] kernels = {
      {OverflowsItsStack.class.getName(), "overflows overflowed its stack (StackOverflowError)"},
      {
        FailsAnAssertion.class.getName(), "asserts threw AssertionError: the kernel's own invariant"
      },
      {RunsOutOfMemory.class.getName(), "hungry ran out of memory (OutOfMemoryError: "},
    };
    for (String[] kernel : kernels) {
      // --layer conv1d: these are ConvKernels, which skip the ReLU and Sequential cases that the
      // default (every layer) also draws.
      CliRunner.Result r =
          CliRunner.run(
              "sweep", "--count", "3", "--seed", "1", "--kernel", kernel[0], "--layer", "conv1d");
      assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.PARITY_FAILED);
      assertThat(r.out())
          .contains(kernel[1])
          .contains("FAIL: 3 of 3 compared configurations disagree with the engine.")
          .contains("--- Java: paste into a test ---");
      assertThat(r.err()).isEmpty();
      assertThat(r.out()).doesNotContain("\tat ");
    }
  }

  @Test
  void narrowsTheSweepToOneLayerAndOneDtype() {
    CliRunner.Result r =
        CliRunner.run(
            "sweep",
            "--count",
            "20",
            "--seed",
            "6",
            "--layer",
            "conv_transpose1d",
            "--dtype",
            "float64");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    assertThat(r.out()).contains("float64       20      20").doesNotContain("float32 ");
  }

  @Test
  void sweepsReluAndSequentialByTheirNamesAndWritesTheTreeIntoTheReport(@TempDir Path dir)
      throws Exception {
    for (String layer : new String[] {"relu", "ReLU", "sequential", "Sequential"}) {
      CliRunner.Result r =
          CliRunner.run(
              "sweep", "--count", "15", "--seed", "8", "--layer", layer, "--dtype", "float64");
      assertThat(r.code()).as(layer + ": " + r.out() + r.err()).isEqualTo(ExitCodes.OK);
      assertThat(r.out())
          .contains("PASS: reference agreed with the engine on all 15 compared configurations.")
          .contains("float64       15      15");
    }
    Path report = dir.resolve("tree");
    CliRunner.Result r =
        CliRunner.run(
            "sweep",
            "--count",
            "10",
            "--seed",
            "8",
            "--layer",
            "sequential",
            "--report",
            report.toString());
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.OK);
    JsonNode json = new ObjectMapper().readTree(report.resolve("report.json").toFile());
    assertThat(json.get("command").asText())
        .isEqualTo("torch-parity sweep --count 10 --seed 8 --layer sequential");
    JsonNode first = json.get("results").get(0);
    assertThat(first.get("module").asText()).isEqualTo("Sequential");
    assertThat(first.get("children").get(0).get("name").asText()).isEqualTo("0");
    assertThat(first.get("children").get(1).get("module").asText()).isEqualTo("ReLU");
    assertThat(first.get("children").get(1).get("args").get("inplace").asBoolean()).isFalse();
  }

  @Test
  void aParityKernelForATreeIsLoadedByClassNameCaughtAndShrunkToACaseFile() {
    CliRunner.Result r =
        CliRunner.run(
            "sweep",
            "--kernel",
            "org.torchparity.examples.SkipsLastChildKernel",
            "--layer",
            "sequential",
            "--count",
            "20",
            "--seed",
            "3");
    assertThat(r.code()).as(r.out() + r.err()).isEqualTo(ExitCodes.PARITY_FAILED);
    assertThat(r.out())
        .contains("candidate 'skips-last-child'")
        .contains("No Java reproduction for Sequential")
        .contains("\"module\": \"Sequential\"");
  }
}
