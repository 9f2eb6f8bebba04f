package org.torchparity.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.format.TorchFormatter;
import org.torchparity.nn.Conv1d;
import org.torchparity.parity.Comparison;
import org.torchparity.parity.Tolerance;
import org.torchparity.reference.ReferenceConv;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code notebook}: replays the seed notebook ({@code nn.Conv1d(1,1,2)} against {@code
 * nn.Conv1d(2,1,2)}) cell by cell. Every result is computed on the engine, cross-checked against
 * the pure-Java reference and printed as the notebook printed it, without {@code grad_fn=}.
 */
@Command(
    name = "notebook",
    mixinStandardHelpOptions = true,
    description = "Replay the seed notebook: Conv1d(1,1,2) vs Conv1d(2,1,2), weights 1, bias 0.")
final class NotebookCommand implements Callable<Integer> {
  @Mixin DeviceOption deviceOption;

  @Spec CommandSpec spec;

  private final List<Comparison> checks = new ArrayList<>();

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    DeviceSpec target = deviceOption.checked(); // refuse a missing device before printing

    out.println("## Single-channel convolution");
    Tensor x1 = Tensor.of(DType.FLOAT32, new int[] {1, 1, 3}, new double[] {1, 2, 3});
    cell(out, 2, TorchFormatter.tensor(x1));
    replay(out, 3, x1, ConvSpec.conv1d(1, 1, 2).build(), target);

    out.println();
    out.println("## Multi-channel convolution");
    Tensor x2 = Tensor.of(DType.FLOAT32, new int[] {1, 2, 3}, new double[] {1, 2, 3, 4, 5, 6});
    cell(out, 6, TorchFormatter.tensor(x2));
    replay(out, 7, x2, ConvSpec.conv1d(2, 1, 2).build(), target);

    out.println();
    boolean held = checks.stream().allMatch(Comparison::passed);
    double worst = checks.stream().mapToDouble(Comparison::maxAbsError).max().orElse(0);
    out.printf(
        "Cross-check %s: %d results on %s engine vs pure-Java reference, max abs error %s (%s).%n",
        held ? "held" : "FAILED", checks.size(), target, worst, Tolerance.FLOAT32);
    out.flush();
    return held ? ExitCodes.OK : ExitCodes.PARITY_FAILED;
  }

  /** Cells n (shapes), n+1 (weight 1, bias 0) and n+2 (forward) for one layer. */
  private void replay(PrintWriter out, int cell, Tensor input, ConvSpec conv, DeviceSpec target) {
    try (Conv1d layer = Conv1d.of(conv, target)) {
      cell(
          out,
          cell,
          TorchFormatter.size(layer.weight().shape())
              + " "
              + TorchFormatter.size(conv.biasShape()));

      layer.fillWeight(0, 1); // single_conv.weight[0] = 1
      layer.setBiasAt(0, 0); // single_conv.bias[0] = 0
      Tensor weight = layer.weight();
      Tensor bias = layer.bias();
      cell(
          out,
          cell + 1,
          "Parameter containing:\n"
              + TorchFormatter.tensor(weight)
              + "\nParameter containing:\n"
              + TorchFormatter.tensor(bias));

      Tensor output = layer.forward(input);
      Tensor expected = ReferenceConv.forward(conv, input, weight, bias);
      checks.add(Comparison.of(output, expected, Tolerance.forDType(conv.dtype())));
      cell(out, cell + 2, TorchFormatter.tensor(output));
    }
  }

  private static void cell(PrintWriter out, int number, String printed) {
    out.printf("In [%d]:%n%s%n", number, printed);
  }
}
