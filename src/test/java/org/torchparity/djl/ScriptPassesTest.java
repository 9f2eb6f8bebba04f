package org.torchparity.djl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.torchparity.djl.ScriptPasses.Statement;

/** The in-place pass writes into a buffer only when nothing can see the write. */
class ScriptPassesTest {

  private static List<String> rewritten(String output, String... expressions) {
    List<Statement> in = new java.util.ArrayList<>();
    for (int i = 0; i < expressions.length; i++) {
      in.add(new Statement("v" + (i + 1), expressions[i]));
    }
    return ScriptPasses.inPlace(in, output).stream().map(Statement::expression).toList();
  }

  @Test
  void aDeadFreshOperandIsWrittenInPlace() {
    assertThat(
            rewritten(
                "v3",
                "torch.conv1d(x, self.p_w, None, [1], [0], [1], 1)",
                "torch.relu(v1)",
                "torch.add(v2, x)"))
        .containsExactly(
            "torch.conv1d(x, self.p_w, None, [1], [0], [1], 1)",
            "v1.relu_()",
            // binary ops stay as they are: b may broadcast a to a larger shape
            "torch.add(v2, x)");
  }

  @Test
  void theInputAndTheOutputAreNeverWritten() {
    assertThat(rewritten("v1", "torch.relu(x)")).containsExactly("torch.relu(x)");
    assertThat(rewritten("v2", "torch.sigmoid(x)", "torch.tanh(v1)"))
        .containsExactly("torch.sigmoid(x)", "v1.tanh_()");
  }

  @Test
  void anOperandReadLaterIsNotWritten() {
    // v1 is read by the add after the relu: writing the relu into v1 would change the add
    assertThat(rewritten("v3", "torch.sigmoid(x)", "torch.relu(v1)", "torch.add(v2, v1)"))
        .containsExactly("torch.sigmoid(x)", "torch.relu(v1)", "torch.add(v2, v1)");
  }

  @Test
  void aViewOrAPossibleViewIsNeverWritten() {
    // v2 is a view of v1, which the add reads afterwards: relu_ on v2 would write into v1
    assertThat(
            rewritten(
                "v4",
                "torch.sigmoid(x)",
                "torch.flatten(v1, 1, -1)",
                "torch.relu(v2)",
                "torch.add(v3, torch.flatten(v1, 1, -1))"))
        .element(2)
        .isEqualTo("torch.relu(v2)");
    // nor is a value something may view: the permute may alias v1
    assertThat(
            rewritten("v3", "torch.sigmoid(x)", "torch.permute(v1, [0, 2, 1])", "torch.relu(v1)"))
        .element(2)
        .isEqualTo("torch.relu(v1)");
  }
}
