package org.torchparity.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.torchparity.io.StateDictException;
import org.torchparity.io.StateDictFile;
import org.torchparity.io.StoredTensor;
import org.torchparity.io.WeightLimits;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code weights show FILE} and {@code weights convert IN OUT}: look into a weights file ({@code
 * .pt}/{@code .pth} from {@code torch.save}, {@code .safetensors}, {@code .npz}) and convert
 * between the three, every dtype kept bit for bit. Both read through {@code io.StateDictFile}'s
 * strict readers; a file they refuse (malformed, hostile, over a limit, not a state dict) exits 2
 * with one line on stderr naming the file, the entry and the problem.
 */
@Command(
    name = "weights",
    mixinStandardHelpOptions = true,
    description = "Show or convert weight files: .pt/.pth (torch.save), .safetensors, .npz.",
    subcommands = {WeightsCommand.Show.class, WeightsCommand.Convert.class})
final class WeightsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  /** Without a subcommand: a one-line hint, and the usage exit code. */
  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    err.println("torch-parity: error: weights needs a command: show or convert");
    err.println("see 'torch-parity weights --help'");
    err.flush();
    return ExitCodes.USAGE;
  }

  /** Reports a refused file in one line, exit 2. */
  static int refused(CommandSpec spec, StateDictException e) {
    PrintWriter err = spec.commandLine().getErr();
    err.println("torch-parity: error: " + Main.oneLine(e));
    err.flush();
    return ExitCodes.USAGE;
  }

  /** {@code weights show FILE [--key PATH]}. */
  @Command(
      name = "show",
      mixinStandardHelpOptions = true,
      description = {
        "List a weight file's tensors: key, dtype, shape and bytes, then the parameter total.",
        "Exits 0, or 2 when the file is missing, malformed, hostile or not a state dict."
      })
  static final class Show implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", description = "A .pt, .pth, .safetensors or .npz file.")
    Path file;

    @Option(
        names = "--key",
        paramLabel = "PATH",
        description =
            "Where the state dict lies: dict keys and list indices joined by dots (model,"
                + " a.b, 0), or a key prefix (encoder).")
    String key;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      Map<String, StoredTensor> tensors;
      try {
        tensors = StateDictFile.readStored(file, key, WeightLimits.DEFAULTS);
      } catch (StateDictException e) {
        return refused(spec, e);
      }
      PrintWriter out = spec.commandLine().getOut();
      out.println(
          file
              + (key == null ? "" : ", key path '" + key + "'")
              + ": "
              + tensors.size()
              + (tensors.size() == 1 ? " tensor" : " tensors")
              + " ("
              + StateDictFile.Format.of(file).name().toLowerCase(java.util.Locale.ROOT)
              + ")");
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"key", "dtype", "shape", "bytes"});
      long parameters = 0;
      long bytes = 0;
      for (Map.Entry<String, StoredTensor> e : tensors.entrySet()) {
        StoredTensor t = e.getValue();
        rows.add(
            new String[] {
              e.getKey(), t.dtype(), Arrays.toString(t.shape()), Long.toString(t.byteSize())
            });
        parameters += t.numel();
        bytes += t.byteSize();
      }
      int[] width = new int[4];
      for (String[] row : rows) {
        for (int c = 0; c < 4; c++) {
          width[c] = Math.max(width[c], row[c].length());
        }
      }
      for (String[] row : rows) {
        out.println(
            String.format(
                    "%-" + width[0] + "s  %-" + width[1] + "s  %-" + width[2] + "s  %" + width[3]
                        + "s",
                    (Object[]) row)
                .stripTrailing());
      }
      out.println("total: " + parameters + " parameters, " + bytes + " bytes");
      out.flush();
      return ExitCodes.OK;
    }
  }

  /** {@code weights convert IN OUT [--key PATH]}. */
  @Command(
      name = "convert",
      mixinStandardHelpOptions = true,
      description = {
        "Convert a weight file to another format, chosen by OUT's extension (.pt, .pth,"
            + " .safetensors, .npz); every tensor keeps its dtype and bits.",
        "A .pt is written as torch.save writes it (torch.load(weights_only=True) reads it);"
            + " a .npz cannot hold bfloat16. Exits 0, or 2 when IN is refused or OUT cannot"
            + " be written."
      })
  static final class Convert implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "IN", description = "The file to read.")
    Path in;

    @Parameters(index = "1", paramLabel = "OUT", description = "The file to write (replaced).")
    Path out;

    @Option(
        names = "--key",
        paramLabel = "PATH",
        description = "Convert only the state dict at this key path (see 'weights show').")
    String key;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      try {
        Map<String, StoredTensor> tensors =
            StateDictFile.readStored(in, key, WeightLimits.DEFAULTS);
        StateDictFile.Format.of(out); // refuse an unknown extension before writing
        StateDictFile.writeStored(out, tensors);
        long bytes = tensors.values().stream().mapToLong(StoredTensor::byteSize).sum();
        PrintWriter w = spec.commandLine().getOut();
        w.println("wrote " + out + ": " + tensors.size() + " tensors, " + bytes + " bytes of data");
        w.flush();
        return ExitCodes.OK;
      } catch (StateDictException e) {
        return refused(spec, e);
      }
    }
  }
}
