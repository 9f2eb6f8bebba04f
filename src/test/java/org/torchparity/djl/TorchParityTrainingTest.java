package org.torchparity.djl;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.torchparity.spec.Tensor;

/**
 * The mixed {@code SequentialBlock} trained by DJL's {@link Trainer}: 20 steps of DJL's SGD with
 * momentum against PyTorch 1.13's {@code torch.optim.SGD} on the same batch from the same state
 * ({@code parity-tests/djl_block_fixture.py}), every parameter and buffer compared after each step;
 * and {@link EasyTrain#fit} on a small dataset.
 */
class TorchParityTrainingTest {

  private static DefaultTrainingConfig config() {
    return new DefaultTrainingConfig(Loss.l2Loss())
        .optOptimizer(
            Optimizer.sgd().setLearningRateTracker(Tracker.fixed(0.1f)).optMomentum(0.9f).build())
        .optDevices(new Device[] {Device.cpu()});
  }

  private static Map<String, Tensor> state(DjlFixtures.Net net) {
    Map<String, Tensor> out = new LinkedHashMap<>();
    net.features().stateDict().forEach((k, v) -> out.put("features." + k, v));
    net.head().stateDict().forEach((k, v) -> out.put("head." + k, v));
    return out;
  }

  private static double maxAbsDiff(Tensor a, Tensor b) {
    double[] x = a.toDoubleArray();
    double[] y = b.toDoubleArray();
    assertThat(x).hasSameSizeAs(y);
    double max = 0;
    for (int i = 0; i < x.length; i++) {
      max = Math.max(max, Math.abs(x[i] - y[i]));
    }
    return max;
  }

  @Test
  void sgdWithMomentumFollowsPyTorchsTrajectory() {
    Map<String, Tensor> initial = DjlFixtures.fixture("block_model");
    Map<String, Tensor> traj = DjlFixtures.fixture("sgd_trajectory");
    try (DjlFixtures.Net net = DjlFixtures.net();
        Model model = DjlFixtures.model("djl-train")) {
      // PyTorch's weights go into the modules first; Trainer.initialize copies them into DJL's
      // parameters instead of running DJL's initializer.
      net.features().module().loadStateDict(DjlFixtures.prefixed(initial, "features."));
      net.head().module().loadStateDict(DjlFixtures.prefixed(initial, "head."));
      model.setBlock(net.block());
      try (Trainer trainer = model.newTrainer(config())) {
        Tensor tx = traj.get("train_x");
        Tensor ty = traj.get("train_y");
        trainer.initialize(DjlFixtures.shape(tx));
        NDManager manager = trainer.getManager();
        NDArray x = manager.create(tx.toFloatArray(), DjlFixtures.shape(tx));
        NDArray y = manager.create(ty.toFloatArray(), DjlFixtures.shape(ty));
        StringBuilder figures = new StringBuilder();
        double worst = 0;
        float firstLoss = Float.NaN;
        float lastLoss = Float.NaN;
        for (int k = 0; k < 20; k++) {
          float loss;
          try (GradientCollector collector = trainer.newGradientCollector()) {
            NDArray pred = trainer.forward(new NDList(x)).singletonOrThrow();
            NDArray l = trainer.getLoss().evaluate(new NDList(y), new NDList(pred));
            loss = l.getFloat();
            TorchParityBlock.backward(collector, l);
          }
          trainer.step();
          firstLoss = k == 0 ? loss : firstLoss;
          lastLoss = loss;
          double lossDiff = Math.abs(loss - traj.get("loss." + k).toDoubleArray()[0]);
          double step = lossDiff;
          for (Map.Entry<String, Tensor> e : state(net).entrySet()) {
            step =
                Math.max(
                    step, maxAbsDiff(e.getValue(), traj.get("step." + (k + 1) + "." + e.getKey())));
          }
          worst = Math.max(worst, step);
          figures.append(
              String.format("step %d: loss %.6f, max |djl - torch| %.3g%n", k + 1, loss, step));
        }
        System.out.print(figures);
        // Measured on this project's machine: at most 1.8e-7 over the 20 steps (losses, every
        // parameter and running statistic, num_batches_tracked). 1e-5 is assert_close's float32
        // absolute tolerance.
        assertThat(worst).as(figures.toString()).isLessThan(1e-5);
        assertThat(lastLoss).as("DJL's loss at step 20 vs step 1").isLessThan(firstLoss);
      }
    }
  }

  @Test
  void easyTrainFitLowersTheLossAndChangesTheWeights() throws Exception {
    Map<String, Tensor> traj = DjlFixtures.fixture("sgd_trajectory");
    try (DjlFixtures.Net net = DjlFixtures.net();
        Model model = DjlFixtures.model("djl-fit");
        NDManager data = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
      model.setBlock(net.block());
      Tensor tx = traj.get("train_x");
      Tensor ty = traj.get("train_y");
      ArrayDataset dataset =
          new ArrayDataset.Builder()
              .setData(data.create(tx.toFloatArray(), DjlFixtures.shape(tx)))
              .optLabels(data.create(ty.toFloatArray(), DjlFixtures.shape(ty)))
              .setSampling(4, false)
              .build();
      try (Trainer trainer = model.newTrainer(config())) {
        trainer.initialize(new ai.djl.ndarray.types.Shape(4, 2, 16));
        Tensor before = net.head().stateDict().get("weight");
        float first = meanLoss(trainer, data, tx, ty);
        EasyTrain.fit(trainer, 10, dataset, null);
        float last = meanLoss(trainer, data, tx, ty);
        assertThat(last).as("loss after 10 epochs vs before").isLessThan(first);
        assertThat(net.head().stateDict().get("weight").toDoubleArray())
            .isNotEqualTo(before.toDoubleArray());
      }
    }
  }

  private static float meanLoss(Trainer trainer, NDManager data, Tensor tx, Tensor ty) {
    NDArray pred =
        trainer
            .evaluate(new NDList(data.create(tx.toFloatArray(), DjlFixtures.shape(tx))))
            .singletonOrThrow();
    return trainer
        .getLoss()
        .evaluate(
            new NDList(data.create(ty.toFloatArray(), DjlFixtures.shape(ty))), new NDList(pred))
        .getFloat();
  }
}
