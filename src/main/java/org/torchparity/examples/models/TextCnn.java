package org.torchparity.examples.models;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.torchparity.djl.ScriptBuilder;
import org.torchparity.djl.ScriptedForward;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.nn.AdaptiveMaxPool1d;
import org.torchparity.nn.Conv1d;
import org.torchparity.nn.Embedding;
import org.torchparity.nn.Linear;
import org.torchparity.nn.Module;
import org.torchparity.spec.AdaptiveMaxPool1dSpec;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.EmbeddingSpec;
import org.torchparity.spec.InvalidArgumentException;
import org.torchparity.spec.LinearSpec;
import org.torchparity.spec.ModuleSpec.NamedSpec;

/**
 * A Kim-style text CNN, PyTorch's
 *
 * <pre>{@code
 * self.embedding = nn.Embedding(30, 6, padding_idx=0); self.conv = nn.Conv1d(6, 4, 3)
 * self.pool = nn.AdaptiveMaxPool1d(1); self.fc = nn.Linear(4, 3)
 * def forward(self, tokens):
 *     x = self.embedding(tokens).transpose(1, 2)
 *     x = torch.relu(self.conv(x))
 *     return self.fc(self.pool(x).flatten(1))
 * }</pre>
 *
 * <p>It takes int64 token ids of shape {@code (N, L)}; the embeddings are moved to channels-first
 * with a transpose before the convolution. Its backward has no input gradient (token ids have
 * none), only the parameters'.
 */
public final class TextCnn extends Module implements ScriptedForward {
  private static final EmbeddingSpec EMBEDDING =
      new EmbeddingSpec(30, 6, 0, null, 2.0, false, false, DType.FLOAT32);
  private static final ConvSpec CONV = ConvSpec.conv1d(6, 4, 3).build();
  private static final AdaptiveMaxPool1dSpec POOL = AdaptiveMaxPool1dSpec.of(1);
  private static final LinearSpec FC = LinearSpec.of(4, 3);

  private final Embedding embedding;
  private final Conv1d conv;
  private final AdaptiveMaxPool1d pool;
  private final Linear fc;

  private TextCnn(DeviceSpec device) {
    super(
        new ModelSpec(
            "TextCnn",
            List.of(
                new NamedSpec("embedding", EMBEDDING),
                new NamedSpec("conv", CONV),
                new NamedSpec("pool", POOL),
                new NamedSpec("fc", FC)),
            DType.FLOAT32,
            DType.INT64,
            TextCnn::outputShapeOf),
        device);
    embedding = registerModule("embedding", Embedding.of(EMBEDDING, device));
    conv = registerModule("conv", Conv1d.of(CONV, device));
    pool = registerModule("pool", AdaptiveMaxPool1d.of(POOL, device));
    fc = registerModule("fc", Linear.of(FC, device));
  }

  /**
   * Builds the model on the CPU in float32, drawing its parameters from libtorch's generator.
   *
   * @return the model; close it when done
   */
  public static TextCnn of() {
    return new TextCnn(DeviceSpec.CPU);
  }

  private static int[] outputShapeOf(int[] tokens) {
    if (tokens.length != 2) {
      throw new InvalidArgumentException(
          "input", "input must be token ids of shape (N, L) but had " + tokens.length + " dims");
    }
    int[] e = EMBEDDING.outputShape(tokens);
    int[] pooled = ModelSpec.through(new int[] {e[0], e[2], e[1]}, CONV, POOL);
    return FC.outputShape(new int[] {pooled[0], pooled[1] * pooled[2]});
  }

  @Override
  protected NDArray compute(NDArray tokens) {
    NDArray x = embedding.forward(tokens).transpose(0, 2, 1);
    x = conv.forward(x).getNDArrayInternal().relu();
    NDArray pooled = pool.forward(x);
    return fc.forward(pooled.reshape(pooled.getShape().get(0), -1));
  }

  /** The same forward as TorchScript statements, for {@link org.torchparity.djl.ScriptedModel}. */
  @Override
  public String script(ScriptBuilder s, String prefix, String tokens) {
    String x =
        s.emit("torch.permute(" + s.child(this, prefix, "embedding", tokens) + ", [0, 2, 1])");
    x = s.emit("torch.relu(" + s.child(this, prefix, "conv", x) + ")");
    String pooled = s.child(this, prefix, "pool", x);
    return s.child(this, prefix, "fc", s.emit("torch.flatten(" + pooled + ", 1, -1)"));
  }
}
