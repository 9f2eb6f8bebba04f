package org.torchparity.nn;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.torchparity.engine.DeviceSpec;
import org.torchparity.spec.ConvSpec;
import org.torchparity.spec.DType;
import org.torchparity.spec.Tensor;

/**
 * The inference routes added for whole models (PReLU without a gradient, ConvTranspose1d by phases
 * and by scatter) make views of parameters, which DJL puts in the parameter's manager, the
 * module's. Each call must move them into its own: after warm-up, any number of calls leaves the
 * module's manager exactly as it was.
 */
class FastRoutesLeakTest {

  @Test
  void callsLeaveNothingInTheModulesManager() {
    ConvSpec phases = ConvSpec.convTranspose1d(3, 2, 4).stride(2).build();
    ConvSpec stuffed = ConvSpec.convTranspose1d(3, 2, 3).stride(2).build();
    List<Module> modules =
        List.of(
            PReLU.of(1),
            PReLU.of(3),
            ConvTranspose1d.of(phases, DeviceSpec.CPU),
            ConvTranspose1d.of(stuffed, DeviceSpec.CPU),
            nanWeighted(ConvTranspose1d.of(phases, DeviceSpec.CPU)), // the scatter route
            Sequential.of(PReLU.of(1), ConvTranspose1d.of(phases, DeviceSpec.CPU)));
    Tensor x = Tensor.ones(DType.FLOAT32, 2, 3, 5);
    for (Module m : modules) {
      try (m) {
        Tensor y = m.forward(x);
        m.backward(x, Tensor.ones(DType.FLOAT32, y.shape()));
        int before = m.manager().getManagedArrays().size();
        for (int i = 0; i < 5; i++) {
          m.forward(x);
          m.forward(x.toFloatArray(), x.shape());
          m.backward(x, Tensor.ones(DType.FLOAT32, y.shape()));
        }
        assertThat(m.manager().getManagedArrays()).as(m.toString()).hasSize(before);
      }
    }
  }

  private static Module nanWeighted(Module m) {
    float[] w = m.get("weight").toFloatArray();
    w[0] = Float.NaN;
    m.set("weight", Tensor.of(m.get("weight").shape(), w).to(DType.FLOAT32));
    return m;
  }
}
