package org.torchparity.examples.models;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.torchparity.djl.ScriptBuilder;
import org.torchparity.djl.ScriptedForward;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.nn.BatchNorm1d;
import org.torchparity.nn.Conv1d;
import org.torchparity.nn.Module;
import org.torchparity.spec.BatchNorm1dSpec;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.ModuleSpec.NamedSpec;

/**
 * PyTorch's
 *
 * <pre>{@code
 * class ResidualBlock(nn.Module):
 *     def __init__(self, channels):
 *         self.conv1 = nn.Conv1d(channels, channels, 3, padding=1, bias=False)
 *         self.bn1 = nn.BatchNorm1d(channels)
 *         self.conv2 = nn.Conv1d(channels, channels, 3, padding=1, bias=False)
 *         self.bn2 = nn.BatchNorm1d(channels)
 *     def forward(self, x):
 *         y = torch.relu(self.bn1(self.conv1(x)))
 *         return torch.relu(self.bn2(self.conv2(y)) + x)
 * }</pre>
 *
 * <p>as a torch-parity module: the children are registered in {@code __init__}'s order (so {@code
 * Module.manualSeed} draws them as PyTorch does and the state dict has PyTorch's keys), and the
 * forward is ordinary NDArray code.
 */
public final class ResidualBlock extends Module implements ScriptedForward {
  private final Conv1d conv1;
  private final BatchNorm1d bn1;
  private final Conv1d conv2;
  private final BatchNorm1d bn2;

  private ResidualBlock(ConvSpec conv, BatchNorm1dSpec norm, DeviceSpec device) {
    super(
        new ModelSpec(
            "ResidualBlock",
            List.of(
                new NamedSpec("conv1", conv),
                new NamedSpec("bn1", norm),
                new NamedSpec("conv2", conv),
                new NamedSpec("bn2", norm)),
            DType.FLOAT32,
            DType.FLOAT32,
            shape -> ModelSpec.through(shape, conv, norm, conv, norm)),
        device);
    conv1 = registerModule("conv1", Conv1d.of(conv, device));
    bn1 = registerModule("bn1", BatchNorm1d.of(norm, device));
    conv2 = registerModule("conv2", Conv1d.of(conv, device));
    bn2 = registerModule("bn2", BatchNorm1d.of(norm, device));
  }

  /**
   * Builds the block on the CPU in float32, drawing its parameters from libtorch's generator.
   *
   * @param channels the input and output channels
   * @return the block; close it when done
   */
  public static ResidualBlock of(int channels) {
    return new ResidualBlock(
        ConvSpec.conv1d(channels, channels, 3).padding(1).bias(false).build(),
        BatchNorm1dSpec.of(channels),
        DeviceSpec.CPU);
  }

  @Override
  protected NDArray compute(NDArray x) {
    NDArray y = bn1.forward(conv1.forward(x)).getNDArrayInternal().relu();
    y = bn2.forward(conv2.forward(y));
    return y.add(x).getNDArrayInternal().relu();
  }

  /** The same forward as TorchScript statements, for {@link org.torchparity.djl.ScriptedModel}. */
  @Override
  public String script(ScriptBuilder s, String prefix, String x) {
    String y =
        s.emit(
            "torch.relu(" + s.child(this, prefix, "bn1", s.child(this, prefix, "conv1", x)) + ")");
    y = s.child(this, prefix, "bn2", s.child(this, prefix, "conv2", y));
    return s.emit("torch.relu(" + s.emit("torch.add(" + y + ", " + x + ")") + ")");
  }
}
