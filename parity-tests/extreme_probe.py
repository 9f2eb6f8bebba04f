#!/usr/bin/python3
"""What PyTorch answers for the extreme arguments of ExtremeArgumentsTest.

Run with Debian's PyTorch 1.13 (/usr/bin/python3 parity-tests/extreme_probe.py); each line prints
the forward output, grad_input, the non-zero entries of grad_weight and grad_bias for grad_output
of ones. The Java test (src/test/java/org/torchparity/nn/ExtremeArgumentsTest.java) holds these
numbers. Every case runs in milliseconds: the paddings, dilations and strides are huge, the work is
not. The refusals at the end print PyTorch's message (1.13 prints some lengths wrapped to 32 bits).
"""
import torch

torch.set_num_threads(1)


def run(name, conv, x, w, b):
    conv.weight.data = w.clone()
    if b is not None:
        conv.bias.data = b.clone()
    x = x.clone().requires_grad_(True)
    y = conv(x)
    y.backward(torch.ones_like(y))
    grad_w = [(i, v) for i, v in enumerate(conv.weight.grad.flatten().tolist()) if v != 0]
    print(name, "| y", y.tolist(), "| grad_input", x.grad.tolist(), "| grad_weight nonzero",
          grad_w, "| grad_bias", None if b is None else conv.bias.grad.tolist())


def refuse(name, f):
    try:
        f()
        print(name, "| answered")
    except RuntimeError as e:
        print(name, "| refused:", str(e).split("\n")[0])


x5 = torch.arange(1., 6.).reshape(1, 1, 5)
C, T = torch.nn.Conv1d, torch.nn.ConvTranspose1d
run("same_dilation_2^30_k3", C(1, 1, 3, dilation=2**30, padding="same"), x5,
    torch.tensor([[[2., 3., 5.]]]), torch.tensor([0.5]))
run("same_dilation_2^30_k5", C(1, 1, 5, dilation=2**30, padding="same"), x5,
    torch.tensor([[[2., 3., 5., 7., 11.]]]), torch.tensor([0.5]))
run("same_dilation_2^29_k3", C(1, 1, 3, dilation=2**29, padding="same"), x5,
    torch.tensor([[[2., 3., 5.]]]), torch.tensor([0.5]))
run("kernel_65537_dilation_65536_padding_max",
    C(1, 1, 65537, dilation=65536, padding=2**31 - 1, bias=False), torch.ones(1, 1, 5),
    torch.ones(1, 1, 65537), None)
run("transpose_stride_2^28", T(1, 1, 1, stride=2**28, bias=False), torch.ones(1, 1, 1),
    torch.ones(1, 1, 1), None)
run("transpose_stride_2^30", T(1, 1, 1, stride=2**30, bias=False), torch.ones(1, 1, 1),
    torch.ones(1, 1, 1), None)
run("transpose_stride_2^28_padding_2^28_k3", T(1, 1, 3, stride=2**28, padding=2**28, bias=False),
    torch.tensor([[[2., 3., 5.]]]), torch.tensor([[[1., 10., 100.]]]), None)
empty = torch.empty(0, 1, 2147483645)
print("empty_batch conv1d", tuple(torch.nn.functional.conv1d(empty, torch.ones(1, 1, 1)).shape))
print("empty_batch conv_transpose1d",
      tuple(torch.nn.functional.conv_transpose1d(empty, torch.ones(1, 1, 1)).shape))
one = torch.ones(1, 1, 1)
refuse("padding_max", lambda: torch.nn.functional.conv1d(one, one, padding=2**31 - 1))
refuse("padding_2^30", lambda: torch.nn.functional.conv1d(one, one, padding=2**30))
refuse("kernel_65537_dilation_65536",
       lambda: torch.nn.functional.conv1d(torch.ones(1, 1, 5), torch.ones(1, 1, 65537),
                                          dilation=65536))
