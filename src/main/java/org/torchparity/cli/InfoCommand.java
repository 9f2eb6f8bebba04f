package org.torchparity.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.engine.EngineInfo;
import org.torchparity.engine.TorchEngine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code info}: what the engine start-up loaded, and whether a device is usable. */
@Command(
    name = "info",
    mixinStandardHelpOptions = true,
    description =
        "Print DJL and libtorch versions, native directory, flavor, threads, CUDA devices.")
final class InfoCommand implements Callable<Integer> {
  @Mixin DeviceOption deviceOption;

  @Option(names = "--json", description = "Print one JSON object instead of a table.")
  boolean json;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    DeviceSpec requested = deviceOption.checked();
    EngineInfo info = TorchEngine.get().info();
    PrintWriter out = spec.commandLine().getOut();
    Map<String, String> fields = info.toMap();
    fields.put("device", requested + " (usable)");
    if (json) {
      out.println(new ObjectMapper().writeValueAsString(fields));
    } else {
      fields.forEach((k, v) -> out.printf("%-18s %s%n", k + ":", v));
    }
    out.flush();
    return ExitCodes.OK;
  }
}
