package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code parity-tests/record_model.py} as a user runs it: on a model file of their own, from the
 * command line, and imported. Needs {@code /usr/bin/python3} with PyTorch (Debian's 1.13 on the
 * project's machine); skipped where there is none.
 */
class RecorderScriptTest {
  private static final Path PYTHON = Path.of("/usr/bin/python3");
  private static final Path RECORDER = Path.of("parity-tests", "record_model.py").toAbsolutePath();

  private static final String MODELS =
      String.join(
          "\n",
          "import torch",
          "from torch import nn",
          "class Gain(nn.Module):",
          "    def __init__(self):",
          "        super().__init__()",
          "        self.g = nn.Parameter(torch.full((1,), 1.5))",
          "    def forward(self, x):",
          "        return x * self.g",
          "class Net(nn.Module):",
          "    def __init__(self):",
          "        super().__init__()",
          "        self.inp = nn.Conv1d(2, 3, 3, padding=1)",
          "        self.act = nn.ReLU()",
          "        self.gain = Gain()",
          "        self.out = nn.ConvTranspose1d(3, 2, 4, stride=2, padding=1)",
          "    def forward(self, x):",
          "        h = self.act(self.inp(x))",
          "        return self.out(self.act(h + self.gain(h)))",
          "def chain():",
          "    return nn.Sequential(nn.Conv1d(2, 4, 3, stride=2), nn.ReLU(),",
          "                         nn.ConvTranspose1d(4, 2, 3, stride=2, output_padding=1))",
          "def net():",
          "    return Net()",
          "def normed():",
          "    from torch.nn.utils import weight_norm",
          "    return nn.Sequential(weight_norm(nn.Conv1d(2, 3, 3)), nn.ReLU(),",
          "                         weight_norm(nn.ConvTranspose1d(3, 2, 2, stride=2)))",
          "");

  @BeforeAll
  static void needsPyTorch() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(PYTHON), "needs /usr/bin/python3 with PyTorch");
    Run r = python(List.of("-c", "import torch"), Path.of("."));
    Assumptions.assumeTrue(r.code == 0, "needs PyTorch for /usr/bin/python3: " + r.out);
  }

  @Test
  void aSequentialIsRecordedCallByCallAndAsAWholeAndReplays(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("models.py"), MODELS);
    Path out = dir.resolve("rec");
    Run rec =
        python(
            List.of(
                RECORDER.toString(),
                "--model",
                "models.py:chain",
                "--input-shape",
                "2,2,9",
                "--out",
                out.toString(),
                "--dtype",
                "float64",
                "--eval",
                "--grad",
                "--seed",
                "3"),
            dir);
    assertThat(rec.code).as(rec.out).isZero();
    assertThat(rec.out).contains("recorded chain: 3 leaf calls, 1 Sequential block(s)");
    assertThat(out.resolve("chain.safetensors")).isRegularFile();
    assertThat(out.resolve("chain_model.json")).isRegularFile();
    CliRunner.Result r = CliRunner.run("check", out.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("PASS chain_000_0")
        .contains("PASS chain_001_1")
        .contains("PASS chain_002_2")
        .contains("PASS chain_model")
        .contains("recording chain: 3 calls in call order")
        .contains("  no divergence")
        .contains("4 passed, 0 failed, 0 skipped");
  }

  @Test
  void aCustomForwardIsRecordedAndTheUsersOwnModuleIsSkippedByName(@TempDir Path dir)
      throws Exception {
    Files.writeString(dir.resolve("models.py"), MODELS);
    Path out = dir.resolve("rec");
    Run rec =
        python(
            List.of(
                RECORDER.toString(),
                "--model",
                "models.py:net",
                "--input-shape",
                "2,2,6",
                "--out",
                out.toString(),
                "--grad",
                "--name",
                "mine"),
            dir);
    assertThat(rec.code).as(rec.out).isZero();
    // inp, act, gain, act again, out: the ReLU module called twice gives two calls
    assertThat(rec.out).contains("recorded mine: 5 leaf calls").contains("describe: Gain x1");
    CliRunner.Result r = CliRunner.run("check", out.toString());
    assertThat(r.code()).as(r.out()).isEqualTo(ExitCodes.OK);
    assertThat(r.out())
        .contains("SKIP mine_002_gain  module Gain is not implemented by torch-parity")
        .contains("PASS mine_003_act")
        .contains("skipped: Gain, 1 call: module Gain is not implemented by torch-parity")
        .contains("4 passed, 0 failed, 1 skipped");
  }

  /**
   * Recording leaves the model as it was: a BatchNorm in training mode (its buffers change during
   * the call), a Dropout (the recorder seeds it), a module in another mode than its parent, a
   * {@code .grad} already there, and the global RNG.
   */
  @Test
  void recordingLeavesTheModelAsItFoundIt(@TempDir Path dir) throws Exception {
    String script =
        String.join(
            "\n",
            "import sys, torch",
            "from torch import nn",
            "sys.path.insert(0, sys.argv[1])",
            "from record_model import record",
            "torch.manual_seed(0)",
            "m = nn.Sequential(nn.Conv1d(2, 4, 3), nn.BatchNorm1d(4), nn.Dropout(0.5), nn.ReLU())",
            "m[3].eval()",
            "m[0].weight.grad = torch.ones_like(m[0].weight)",
            "state = {k: v.clone() for k, v in m.state_dict().items()}",
            "modes = [x.training for x in m.modules()]",
            "x = torch.randn(3, 2, 8)",
            "rng = torch.get_rng_state()",
            "grad = m[0].weight.grad",
            "s = record(m, x, sys.argv[2], name='bn', grad=True)",
            "assert all(torch.equal(state[k], v) for k, v in m.state_dict().items())",
            "assert [x.training for x in m.modules()] == modes",
            "assert m[0].weight.grad is grad and m[0].bias.grad is None",
            "assert m[1].weight.grad is None",
            "assert torch.equal(torch.get_rng_state(), rng)",
            "assert not m._forward_hooks and not m._forward_pre_hooks",
            "assert all(not x._forward_hooks and not x._forward_pre_hooks for x in m.modules())",
            "print('calls', s['calls'], 'blocks', s['blocks'])",
            "");
    Run r =
        python(
            List.of("-c", script, RECORDER.getParent().toString(), dir.resolve("rec").toString()),
            dir);
    assertThat(r.code).as(r.out).isZero();
    // the ReLU is in eval mode while the rest trains: the tree is not one mode, so no whole case
    assertThat(r.out).contains("calls 4 blocks 0");
    String bn = Files.readString(dir.resolve("rec").resolve("bn_001_1.json"));
    assertThat(bn).contains("\"state_after\"").contains("\"training\": true");
    String dropout = Files.readString(dir.resolve("rec").resolve("bn_002_2.json"));
    assertThat(dropout).contains("\"forward_seed\": 2");
  }

  @Test
  void aModelArgumentWithoutAFactoryIsRefusedByName(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("models.py"), MODELS);
    Run r =
        python(
            List.of(
                RECORDER.toString(),
                "--model",
                "models.py:missing",
                "--input-shape",
                "1,2,4",
                "--out",
                dir.resolve("rec").toString()),
            dir);
    assertThat(r.code).isNotZero();
    assertThat(r.out).contains("--model: models.py has no function 'missing'");
    assertThat(dir.resolve("rec")).doesNotExist();
  }

  private record Run(int code, String out) {}

  private static Run python(List<String> args, Path workDir)
      throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(PYTHON.toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
    builder.environment().put("PYTHONIOENCODING", "utf-8");
    builder.environment().put("OMP_NUM_THREADS", "1");
    Process p = builder.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("python finished").isTrue();
    return new Run(p.exitValue(), out);
  }
}
