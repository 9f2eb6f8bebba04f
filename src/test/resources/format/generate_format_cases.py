#!/usr/bin/env python3
"""Generates format-cases.json: tensors and the exact text PyTorch prints for them.

Run with the system Python that has PyTorch (1.13):
    /usr/bin/python3 generate_format_cases.py > format-cases.json
Each case holds the shape, the dtype, every value as repr() of a Python float
("nan", "inf", "-inf" for non-finite ones; float32 values widened exactly to
double), repr(t), str(t.shape) and, for parameter cases, repr(nn.Parameter(t)).
"""
import json
import math
import sys

import torch

torch.set_printoptions(profile="default")
nan, inf = math.nan, math.inf
F32, F64 = torch.float32, torch.float64

cases = []


def add(name, t, parameter=False):
    values = []
    for v in t.double().reshape(-1).tolist():
        if math.isnan(v):
            values.append("nan")
        elif math.isinf(v):
            values.append("inf" if v > 0 else "-inf")
        else:
            values.append(repr(v))
    case = {
        "name": name,
        "shape": list(t.shape),
        "dtype": str(t.dtype).replace("torch.", ""),
        "values": values,
        "size": str(t.shape),
        "repr": repr(t),
    }
    if parameter:
        case["parameter"] = repr(torch.nn.Parameter(t.clone()))
    cases.append(case)


def T(data, dtype=F32):
    return torch.tensor(data, dtype=dtype)


g = torch.Generator().manual_seed(1234)


def randn(*shape, dtype=F32, scale=1.0):
    return (torch.randn(*shape, generator=g, dtype=F64) * scale).to(dtype)


# notebook-style integer-valued tensors
add("notebook_conv_out", T([[[3.0, 5.0]]]), parameter=True)
add("notebook_conv_out2", T([[[12.0, 16.0]]]))
add("notebook_rank3_2x3", T([[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]]))
add("weight_ones", T([[[1.0, 1.0]]]), parameter=True)
add("bias_zero", T([0.0]), parameter=True)
# rank 0
add("scalar_int", T(3.0))
add("scalar_decimal_f64", T(3.5, F64))
add("scalar_nan", T(nan))
add("scalar_neg_zero", T(-0.0))
# integer-valued
add("int_rank1", T([1.0, 2.0, 3.0]))
add("int_signed", T([-1.0, 20.0, -300.0]))
add("int_big_no_sci", T([1.0e8, 1.0e6]))
add("int_ratio_sci", T([1.0, 2000.0]))
add("int_above_1e8_sci", T([123456789.0]))
add("int_rank4", torch.arange(24, dtype=F32).reshape(1, 2, 3, 4))
add("int_rank5", torch.arange(32, dtype=F32).reshape(2, 2, 2, 2, 2) - 16)
add("int_rank3_blocks", torch.arange(18, dtype=F32).reshape(3, 2, 3))
# decimals
add("dec_rank1", T([0.12345, 1.5, -2.25]))
add("dec_rank2", randn(3, 4))
add("dec_rank3", randn(2, 3, 4))
add("dec_rank4", randn(2, 2, 2, 3))
add("dec_mixed_widths", T([-123.4567, 0.5, 12.25]))
add("dec_ties_half_even", T([0.03125, 0.09375, 0.15625, 1.5]))
add("dec_ties_f64", T([0.03125, 0.09375, 2.00005, 1.00015], F64))
add("dec_f32_rounding", T([0.1, -1.00005, 2.71828, 1.0 / 3.0]))
add("dec_ratio_999", T([0.001, 0.999]))
add("dec_min_exactly_1e-4_f64", T([1.0e-4, 0.05], F64))
# scientific notation
add("sci_small_min", T([1.0e-5, 1.0]))
add("sci_large_max", T([1.0e9, 1.5]))
add("sci_ratio", T([0.00012, 0.5]))
add("sci_tie", T([1.03125, 12345.0, 0.5]))
add("sci_extremes_f32", T([1.0e-30, 1.0e30, -3.4e38, 1.0e-45]))
add("sci_extremes_f64", T([1.0e-300, 1.0e300, -2.5e-8], F64))
add("sci_rank2", randn(3, 3, scale=1.0e6))
add("sci_rank3_tiny", randn(2, 2, 3, scale=1.0e-6))
add("sci_negative_tiny", T([-1.0e-5, 0.1, 0.2]))
# non-finite
add("nonfinite_all", T([nan, inf, -inf]))
add("nonfinite_nan_decimal", T([nan, 1.5]))
add("nonfinite_inf_int", T([inf, 1.0, 2.0, -inf]))
add("nonfinite_sci", T([1.0e-5, nan, inf, -inf, 3.0]))
add("nonfinite_nan_zero", T([nan, 0.0]))
add("nonfinite_rank2_int", T([[1.0, nan], [-inf, 100.0]]))
add("nonfinite_f64", T([nan, -inf, 0.25], F64))
# negative zero
add("negzero_only", T([0.0, -0.0]))
add("negzero_int", T([1.0, -0.0, nan, 100.0]))
add("negzero_decimal", T([-0.0, 1.5]))
add("negzero_sci", T([-0.0, 1.0e-5, 2.0]))
add("negzero_rounds_to_zero", T([-0.00004, 0.5, 0.25]))
add("zeros_rank2", torch.zeros(2, 3))
# float64
add("f64_int", T([1.0, 2.0], F64), parameter=True)
add("f64_rank2", randn(3, 3, dtype=F64))
add("f64_suffix_wraps", T([-123.4567, 0.5, 12.25, 1.0, 2.0, 3.5], F64), parameter=True)
add("f64_grad_suffix_wraps", T([-123.4567, 0.5, 12.25], F64), parameter=True)
add("f64_rank1_8", randn(8, dtype=F64), parameter=True)
add("f64_wide_multiline", randn(20, dtype=F64))
add("f64_rank3", randn(2, 2, 2, dtype=F64))
# suffix placement right at the line-width boundary (59-character line)
add("f64_suffix_boundary", torch.ones(13, dtype=F64), parameter=True)
add("grad_suffix_boundary", torch.ones(13), parameter=True)
# wide tensors wrapping past 80 columns
add("wide_int_30", torch.arange(30, dtype=F32))
add("wide_dec_25", randn(25))
add("wide_rank2", randn(2, 30))
add("wide_rank3", randn(2, 2, 15))
add("wide_sci", randn(20, scale=1.0e-7))
add("wide_param", randn(16), parameter=True)
add("wide_param_f64", randn(2, 9, dtype=F64), parameter=True)
# summarized (> 1000 elements)
add("summ_arange_1001", torch.arange(1001, dtype=F32))
add("summ_randn_1200", randn(1200))
add("summ_rank2_40x40", randn(40, 40))
add("summ_rank3_2x3x200", randn(2, 3, 200))
add("summ_rank3_10x10x11", randn(10, 10, 11))
add("summ_column_1001x1", torch.arange(1001, dtype=F32).reshape(1001, 1))
add("summ_rows_3x1000", torch.arange(3000, dtype=F32).reshape(3, 1000) * 0.5)
add("summ_f64", randn(1100, dtype=F64))
hidden = torch.full((2000,), 10.0)
hidden[1000] = 1.0e10
hidden[999] = 0.5
add("summ_hidden_middle_ignored", hidden)
add("summ_rank4", torch.arange(1120, dtype=F32).reshape(2, 8, 7, 10) * 0.25)
edges = torch.arange(1500, dtype=F32) * 0.5
edges[0], edges[1], edges[-1] = nan, -inf, -0.0
add("summ_nonfinite_edges", edges)
# empty
add("empty_rank1", torch.zeros(0))
add("empty_rank3", torch.zeros(0, 1, 4), parameter=True)
add("empty_f64_rank1", torch.zeros(0, dtype=F64))
add("empty_f64_rank2", torch.zeros(2, 0, dtype=F64), parameter=True)
add("empty_middle", torch.zeros(1, 0, 3))

# One case per line keeps the file small and its diffs readable.
sys.stdout.write('{"torch_version": %s, "cases": [\n' % json.dumps(torch.__version__))
sys.stdout.write(",\n".join(json.dumps(c) for c in cases))
sys.stdout.write("\n]}\n")
