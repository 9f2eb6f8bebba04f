package org.torchparity.examples.models;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import java.util.List;
import org.torchparity.djl.ScriptBuilder;
import org.torchparity.djl.ScriptedForward;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.nn.Conv1d;
import org.torchparity.nn.ConvTranspose1d;
import org.torchparity.nn.MaxPool1d;
import org.torchparity.nn.Module;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.MaxPool1dSpec;
import org.torchparity.spec.ModuleSpec.NamedSpec;

/**
 * One level of a 1-D U-Net, PyTorch's
 *
 * <pre>{@code
 * self.down = nn.Conv1d(2, 8, 3, padding=1); self.pool = nn.MaxPool1d(2)
 * self.bottom = nn.Conv1d(8, 8, 3, padding=1); self.up = nn.ConvTranspose1d(8, 8, 2, stride=2)
 * self.out = nn.Conv1d(16, 2, 1)
 * def forward(self, x):
 *     skip = torch.relu(self.down(x))
 *     y = self.up(torch.relu(self.bottom(self.pool(skip))))
 *     return self.out(torch.cat([y, skip], dim=1))
 * }</pre>
 *
 * <p>The skip connection is a concatenation on the channel axis ({@code NDArrays.concat}); the
 * input length must be even so that the upsampled path lines up with the skip, as in PyTorch.
 */
public final class TinyUNet extends Module implements ScriptedForward {
  private static final ConvSpec DOWN = ConvSpec.conv1d(2, 8, 3).padding(1).build();
  private static final MaxPool1dSpec POOL = MaxPool1dSpec.of(2);
  private static final ConvSpec BOTTOM = ConvSpec.conv1d(8, 8, 3).padding(1).build();
  private static final ConvSpec UP = ConvSpec.convTranspose1d(8, 8, 2).stride(2).build();
  private static final ConvSpec OUT = ConvSpec.conv1d(16, 2, 1).build();

  private final Conv1d down;
  private final MaxPool1d pool;
  private final Conv1d bottom;
  private final ConvTranspose1d up;
  private final Conv1d out;

  private TinyUNet(DeviceSpec device) {
    super(
        new ModelSpec(
            "TinyUNet",
            List.of(
                new NamedSpec("down", DOWN),
                new NamedSpec("pool", POOL),
                new NamedSpec("bottom", BOTTOM),
                new NamedSpec("up", UP),
                new NamedSpec("out", OUT)),
            DType.FLOAT32,
            DType.FLOAT32,
            TinyUNet::outputShapeOf),
        device);
    down = registerModule("down", Conv1d.of(DOWN, device));
    pool = registerModule("pool", MaxPool1d.of(POOL, device));
    bottom = registerModule("bottom", Conv1d.of(BOTTOM, device));
    up = registerModule("up", ConvTranspose1d.of(UP, device));
    out = registerModule("out", Conv1d.of(OUT, device));
  }

  /**
   * Builds the model on the CPU in float32, drawing its parameters from libtorch's generator.
   *
   * @return the model; close it when done
   */
  public static TinyUNet of() {
    return new TinyUNet(DeviceSpec.CPU);
  }

  private static int[] outputShapeOf(int[] shape) {
    int[] skip = ModelSpec.through(shape, DOWN);
    int[] y = ModelSpec.through(skip, POOL, BOTTOM, UP);
    if (y[y.length - 1] != skip[skip.length - 1]) {
      throw new InvalidArgumentException(
          "input",
          "input length must be even so that the upsampled path ("
              + y[y.length - 1]
              + ") matches the skip ("
              + skip[skip.length - 1]
              + ")");
    }
    int[] joined = skip.clone();
    joined[joined.length - 2] = skip[skip.length - 2] + y[y.length - 2];
    return ModelSpec.through(joined, OUT);
  }

  @Override
  protected NDArray compute(NDArray x) {
    NDArray skip = down.forward(x).getNDArrayInternal().relu();
    NDArray y = bottom.forward(pool.forward(skip)).getNDArrayInternal().relu();
    y = up.forward(y);
    int channels = x.getShape().dimension() - 2;
    return out.forward(NDArrays.concat(new NDList(y, skip), channels));
  }

  /** The same forward as TorchScript statements, for {@link org.torchparity.djl.ScriptedModel}. */
  @Override
  public String script(ScriptBuilder s, String prefix, String x) {
    String skip = s.emit("torch.relu(" + s.child(this, prefix, "down", x) + ")");
    String y =
        s.emit(
            "torch.relu("
                + s.child(this, prefix, "bottom", s.child(this, prefix, "pool", skip))
                + ")");
    y = s.child(this, prefix, "up", y);
    // the channel axis: 1 batched, 0 unbatched, as compute's dimension() - 2
    String both = s.emit("torch.cat([" + y + ", " + skip + "], torch.dim(" + x + ") - 2)");
    return s.child(this, prefix, "out", both);
  }
}
