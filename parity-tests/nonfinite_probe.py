#!/usr/bin/python3
"""Where a nan or an inf reaches in PyTorch's Conv1d and ConvTranspose1d, forward and backward.

Run with Debian's PyTorch 1.13: /usr/bin/python3 parity-tests/nonfinite_probe.py

Every tensor is filled by a formula of its flat index (the Java test,
src/test/java/org/torchparity/reference/NonFiniteParityTest.java, uses the same formulas), then a
few entries are replaced by nan, inf or -inf. All finite values are small multiples of 1/8, so every
sum is exact in float32 and float64 and a kernel that forms the same products gets the same bits
(up to the sign of zero and the payload of nan). One line per case:

    name | y ... | grad_input ... | grad_weight ... | grad_bias ...

with the values flattened and written as Java's Double.parseDouble reads them.

What the cases show (batch 1 or 2, so PyTorch runs its own CPU kernels, not oneDNN's): Conv1d
multiplies every tap by the padded input, zero padding included (a nan weight reaches outputs that
see only padding), its grad_input is a scatter (nothing lands between the positions a stride
skips), its grad_weight multiplies every grad_output by every tap's padded input (nan * 0);
ConvTranspose1d's forward is a scatter that never multiplies the zeros a zero-stuffed formulation
would hold, while its grad_input and grad_weight read grad_output zero-padded, so a nan input
reaches every tap of grad_weight.
"""
import torch

torch.set_num_threads(1)
NAN, INF = float("nan"), float("inf")


def fill(shape, a, b, c, d):
    n = 1
    for s in shape:
        n *= s
    return [((i * a) % b - c) / d for i in range(n)]


def tensor(shape, values, dtype):
    return torch.tensor(values, dtype=dtype).reshape(shape)


def java(values):
    def one(v):
        if v != v:
            return "NaN"
        if v == INF:
            return "Infinity"
        if v == -INF:
            return "-Infinity"
        return repr(float(v))
    return " ".join(one(v) for v in values)


def case(name, module, in_shape, dtype, x_bad=(), w_bad=(), gy_bad=(), b_bad=()):
    dt = {"float32": torch.float32, "float64": torch.float64}[dtype]
    module = module.to(dt)
    x = fill(in_shape, 7, 11, 5, 4)
    w = fill(list(module.weight.shape), 5, 7, 3, 2)
    b = fill([module.weight.shape[1] * module.groups if module.transposed
              else module.weight.shape[0]], 1, 3, 1, 8)
    for i, v in x_bad:
        x[i] = v
    for i, v in w_bad:
        w[i] = v
    for i, v in b_bad:
        b[i] = v
    module.weight.data = tensor(module.weight.shape, w, dt)
    module.bias.data = tensor(module.bias.shape, b, dt)
    xt = tensor(in_shape, x, dt).requires_grad_(True)
    y = module(xt)
    gy = [v + 0.25 for v in fill(list(y.shape), 3, 5, 2, 2)]
    for i, v in gy_bad:
        gy[i] = v
    y.backward(tensor(y.shape, gy, dt))
    print(" | ".join([name, java(y.flatten().tolist()), java(xt.grad.flatten().tolist()),
                      java(module.weight.grad.flatten().tolist()),
                      java(module.bias.grad.flatten().tolist())]))


C, T = torch.nn.Conv1d, torch.nn.ConvTranspose1d
case("conv_zeros_stride2_nan_x", C(2, 2, 3, stride=2, padding=2), [1, 2, 7], "float64",
     x_bad=[(3, NAN)])
case("conv_zeros_dilation2_inf_w", C(2, 2, 3, padding=1, dilation=2), [1, 2, 7], "float32",
     w_bad=[(0, INF)])
case("conv_zeros_stride3_nan_gy", C(2, 2, 3, stride=3, padding=2), [2, 2, 7], "float64",
     gy_bad=[(0, NAN)])
case("conv_reflect_nan_x_edge", C(2, 2, 3, padding=2, padding_mode="reflect"), [1, 2, 7],
     "float32", x_bad=[(1, NAN)])
case("conv_replicate_inf_x_neginf_gy", C(2, 2, 3, stride=2, padding=3,
     padding_mode="replicate"), [1, 2, 7], "float64", x_bad=[(13, INF)], gy_bad=[(5, -INF)])
case("conv_circular_nan_w", C(2, 2, 3, padding=2, padding_mode="circular"), [1, 2, 7],
     "float32", w_bad=[(4, NAN)])
case("conv_same_even_nan_gy", C(2, 2, 4, padding="same"), [1, 2, 7], "float64",
     gy_bad=[(6, NAN)])
case("conv_valid_stride2_dilation2_inf_x", C(2, 2, 2, stride=2, dilation=2), [1, 2, 8],
     "float32", x_bad=[(7, INF), (8, -INF)])
case("conv_groups_inf_w_stride2", C(2, 4, 3, stride=2, padding=1, groups=2), [1, 2, 7],
     "float64", w_bad=[(2, INF)])
case("transpose_stride2_padding1_nan_x", T(2, 2, 3, stride=2, padding=1), [1, 2, 5], "float32",
     x_bad=[(0, NAN)])
case("transpose_stride3_dilation2_outpad1_inf_w",
     T(2, 2, 3, stride=3, padding=2, dilation=2, output_padding=1), [1, 2, 4], "float64",
     w_bad=[(1, INF)])
case("transpose_stride2_nan_gy", T(2, 2, 3, stride=2), [2, 2, 4], "float32", gy_bad=[(2, NAN)])
case("transpose_stride1_padding2_nan_x_edge", T(2, 2, 3, padding=2), [1, 2, 5], "float64",
     x_bad=[(9, NAN)])
case("transpose_groups_stride2_nan_w", T(2, 4, 3, stride=2, padding=1, groups=2), [1, 2, 4],
     "float32", w_bad=[(3, NAN)])
case("transpose_stride2_padding2_inf_w_neginf_x", T(2, 2, 2, stride=2, padding=2), [1, 2, 5],
     "float64", w_bad=[(0, INF)], x_bad=[(6, -INF)])
