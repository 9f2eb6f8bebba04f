package org.torchparity.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NotebookCommandTest {
  @Test
  void replaysTheNotebookCellByCell() {
    CliRunner.Result r = CliRunner.run("notebook");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    // Expected lines are the notebook's own printed output (seeds/000_8f197d969a179776.txt)
    // with the grad_fn= annotations removed, as the foundation issue asks.
    assertThat(r.out())
        .contains("In [2]:\ntensor([[[1., 2., 3.]]])\n")
        .contains("In [3]:\ntorch.Size([1, 1, 2]) torch.Size([1])\n")
        .contains(
            "In [4]:\nParameter containing:\ntensor([[[1., 1.]]])\n"
                + "Parameter containing:\ntensor([0.])\n")
        .contains("In [5]:\ntensor([[[3., 5.]]])\n")
        .contains("In [6]:\ntensor([[[1., 2., 3.],\n         [4., 5., 6.]]])\n")
        .contains("In [7]:\ntorch.Size([1, 2, 2]) torch.Size([1])\n")
        .contains(
            "In [8]:\nParameter containing:\ntensor([[[1., 1.],\n         [1., 1.]]])\n"
                + "Parameter containing:\ntensor([0.])\n")
        .contains("In [9]:\ntensor([[[12., 16.]]])\n")
        .contains("Cross-check held: 2 results");
  }

  @Test
  void refusesAMissingCudaDeviceLoudly() {
    CliRunner.Result r = CliRunner.run("notebook", "--device", "cuda:0");
    assertThat(r.code()).isEqualTo(ExitCodes.INTERNAL_ERROR);
    assertThat(r.out()).as("nothing is printed before the refusal").isEmpty();
    assertThat(r.err())
        .startsWith("torch-parity: error: device 'cuda:0' was requested but the loaded libtorch")
        .contains("torch-parity does not fall back to the CPU")
        .contains("PYTORCH_LIBRARY_PATH=<libtorch>/lib")
        .doesNotContain("\tat ");
  }
}
