"""Case specifications for the 1-D pooling family: MaxPool1d, AvgPool1d, AdaptiveAvgPool1d,
AdaptiveMaxPool1d and LPPool1d (groups ``pool_max``, ``pool_avg``, ``pool_adaptive``,
``pool_lp``).

See ``specs_conv.spec`` for the keys of a specification. ``generate_cases.py`` finds this file by
its name and writes every group of ``groups()``.

The pooling modules have no parameters, so there are no init-seed cases. PyTorch checks their
arguments at the first forward call, so every refusal here is ``expect="forward"`` (torch-parity
refuses the same arguments earlier, at construction, which the checker accepts).

Cases with gradients run the input with ``requires_grad``, which sends PyTorch 1.13's MaxPool1d
through ``max_pool1d_with_indices`` (the path libtorch 2.7.1 always checks the output size on);
a MaxPool1d whose kernel is longer than the input is refused by both only on that path (1.13's
no-grad path returns an empty output), so that refusal is written with gradients.
"""
import random

from specs_conv import spec

NAN, INF = float("nan"), float("inf")


def _values(name, count, low=-3.0, high=3.0, digits=None):
    """``count`` reproducible values for ``input_values`` (seeded by the case name)."""
    rnd = random.Random(name)
    out = [rnd.uniform(low, high) for _ in range(count)]
    return [round(v, digits) for v in out] if digits is not None else out


def _n(shape):
    n = 1
    for d in shape:
        n *= d
    return n


# ----------------------------------------------------------------------------------------------
# MaxPool1d
# ----------------------------------------------------------------------------------------------

def max_specs():
    M = "MaxPool1d"
    out = []

    def m(name, args, dtype, shape, note, **extra):
        out.append(spec(name, M, args, dtype, shape, note, **extra))

    m("MaxPool1d_k3_f32", {"kernel_size": 3}, "float32", [2, 3, 10],
      "kernel 3, stride None (= kernel), length 10: the last position is left out")
    m("MaxPool1d_k2_s1_f64", {"kernel_size": 2, "stride": 1}, "float64", [2, 2, 7],
      "kernel 2, stride 1: overlapping windows (a position can take several gradients)")
    m("MaxPool1d_k3_s2_p1_f32", {"kernel_size": 3, "stride": 2, "padding": 1}, "float32",
      [2, 2, 9], "padding 1 (-inf padding: never picked)")
    m("MaxPool1d_k3_s1_p1_d2_f64", {"kernel_size": 3, "stride": 1, "padding": 1, "dilation": 2},
      "float64", [1, 3, 10], "dilation 2 with padding 1")
    m("MaxPool1d_k2_s3_d3_f32", {"kernel_size": 2, "stride": 3, "dilation": 3}, "float32",
      [2, 2, 12], "dilation 3, stride 3 (positions between windows take no gradient)")
    m("MaxPool1d_ceil_k3_s2_f32", {"kernel_size": 3, "stride": 2, "ceil_mode": True}, "float32",
      [2, 2, 8], "ceil_mode: the last window hangs past the input's end")
    m("MaxPool1d_ceil_last_window_dropped_f64",
      {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}, "float64", [1, 2, 5],
      "ceil_mode with padding: a 4th window would start in the right padding, so PyTorch keeps 3")
    m("MaxPool1d_ceil_d2_p1_f32",
      {"kernel_size": 3, "stride": 3, "padding": 1, "dilation": 2, "ceil_mode": True},
      "float32", [2, 1, 11], "ceil_mode with dilation 2 and padding 1")
    m("MaxPool1d_unbatched_f32", {"kernel_size": 3, "stride": 2}, "float32", [3, 9],
      "unbatched input [C, L]")
    m("MaxPool1d_unbatched_p1_d2_f64", {"kernel_size": 2, "padding": 1, "dilation": 2},
      "float64", [2, 8], "unbatched, padding 1, dilation 2")
    m("MaxPool1d_batch0_f32", {"kernel_size": 2}, "float32", [0, 3, 6], "an empty batch")
    m("MaxPool1d_list_args_f64",
      {"kernel_size": [3], "stride": [2], "padding": [1], "dilation": [1]}, "float64",
      [2, 2, 9], "every size given as a one-element list (repr prints the lists)")
    # return_indices
    m("MaxPool1d_indices_k3_s2_p1_f32",
      {"kernel_size": 3, "stride": 2, "padding": 1, "return_indices": True}, "float32",
      [2, 3, 9], "return_indices: int64 positions in the unpadded input")
    m("MaxPool1d_indices_unbatched_d2_ceil_f64",
      {"kernel_size": 2, "stride": 2, "dilation": 2, "ceil_mode": True,
       "return_indices": True}, "float64", [3, 8], "return_indices, unbatched, dilation 2, ceil")
    ties = [1, 3, 3, 0, 3, 2, 2, -1, -1, -1, 5, 5,
            0, -0.0, 0, 4, 1, 4, 4, 0, 2, 2, 2, 2]
    m("MaxPool1d_indices_ties_f32",
      {"kernel_size": 3, "stride": 1, "padding": 1, "return_indices": True}, "float32",
      [2, 1, 12], "equal maxima: PyTorch picks the first of a window, and the gradient goes there",
      input_values=ties)
    m("MaxPool1d_indices_ties_d2_f64",
      {"kernel_size": 3, "stride": 2, "dilation": 2, "return_indices": True}, "float64",
      [1, 2, 12], "equal maxima with dilation 2 (first of the dilated window)",
      input_values=ties)
    nans = [1, NAN, 3, NAN, 2, -INF, -INF, -INF, 0, INF, NAN, 1,
            NAN, NAN, -1, 2, 7, 7, -INF, 0, NAN, -2, -INF, -INF]
    m("MaxPool1d_indices_nan_inf_f32",
      {"kernel_size": 4, "stride": 2, "padding": 1, "return_indices": True}, "float32",
      [2, 1, 12], "NaN is a window's maximum, the last NaN of a window is picked; inf, -inf "
      "and a window of only -inf (the first position inside the input is picked, never the "
      "padding)", input_values=nans)
    m("MaxPool1d_nan_inf_d3_f64",
      {"kernel_size": 3, "stride": 1, "padding": 1, "dilation": 3}, "float64", [1, 2, 12],
      "NaN and infinities with dilation 3, values only", input_values=nans)
    m("MaxPool1d_all_neg_inf_padded_f32",
      {"kernel_size": 3, "stride": 2, "padding": 1, "return_indices": True}, "float32",
      [1, 1, 4], "a window of -inf beside the padding: -inf at index 0",
      input_values=[-INF, -INF, -INF, 2.0])

    # refusals (PyTorch: at forward)
    def bad(name, args, shape, note, dtype="float32"):
        m(name, args, dtype, shape, note, expect="forward")

    bad("MaxPool1d_err_padding_over_half", {"kernel_size": 3, "padding": 2}, [2, 2, 8],
        "padding 2 > kernel_size / 2")
    bad("MaxPool1d_err_kernel0", {"kernel_size": 0}, [2, 2, 8], "kernel_size 0")
    bad("MaxPool1d_err_stride0", {"kernel_size": 2, "stride": 0}, [2, 2, 8], "stride 0")
    bad("MaxPool1d_err_negative_padding", {"kernel_size": 2, "padding": -1}, [2, 2, 8],
        "negative padding")
    bad("MaxPool1d_err_dilation0", {"kernel_size": 2, "dilation": 0}, [2, 2, 8], "dilation 0",
        dtype="float64")
    bad("MaxPool1d_err_kernel_longer_than_input", {"kernel_size": 8}, [2, 3, 7],
        "kernel 8 over length 7: output size 0")
    bad("MaxPool1d_err_dilated_kernel_too_long", {"kernel_size": 3, "dilation": 4}, [1, 2, 8],
        "dilated kernel 9 over length 8")
    bad("MaxPool1d_err_rank1", {"kernel_size": 2}, [7], "a rank-1 input")
    bad("MaxPool1d_err_rank4", {"kernel_size": 2}, [1, 2, 3, 7], "a rank-4 input")
    bad("MaxPool1d_err_zero_channels", {"kernel_size": 2}, [2, 0, 6], "zero channels")
    bad("MaxPool1d_err_zero_length_unbatched", {"kernel_size": 1}, [3, 0], "length 0, unbatched")
    bad("MaxPool1d_err_list_of_two", {"kernel_size": [2, 2]}, [2, 2, 8],
        "kernel_size a list of two ints")
    return out


# ----------------------------------------------------------------------------------------------
# AvgPool1d
# ----------------------------------------------------------------------------------------------

def avg_specs():
    A = "AvgPool1d"
    out = []

    def a(name, args, dtype, shape, note, **extra):
        out.append(spec(name, A, args, dtype, shape, note, **extra))

    a("AvgPool1d_k3_f32", {"kernel_size": 3}, "float32", [2, 3, 10], "kernel 3, stride None")
    a("AvgPool1d_k2_s1_f64", {"kernel_size": 2, "stride": 1}, "float64", [2, 2, 7],
      "overlapping windows")
    a("AvgPool1d_k3_s2_p1_f32", {"kernel_size": 3, "stride": 2, "padding": 1}, "float32",
      [2, 2, 9], "padding 1 with count_include_pad=True: the zeros count in the divisor")
    a("AvgPool1d_k3_s2_p1_nopad_f64",
      {"kernel_size": 3, "stride": 2, "padding": 1, "count_include_pad": False}, "float64",
      [2, 2, 9], "padding 1 with count_include_pad=False: edge windows divide by what they cover")
    a("AvgPool1d_k4_s3_p2_nopad_f32",
      {"kernel_size": 4, "stride": 3, "padding": 2, "count_include_pad": False}, "float32",
      [2, 2, 10], "padding 2, count_include_pad=False")
    a("AvgPool1d_ceil_k2_s2_f64", {"kernel_size": 2, "stride": 2, "ceil_mode": True}, "float64",
      [1, 2, 7], "ceil_mode without padding: the last window holds one position, divisor 1")
    a("AvgPool1d_ceil_k3_s2_p1_f32",
      {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True}, "float32", [2, 2, 6],
      "ceil_mode, padding 1, count_include_pad=True: the last window covers one input position "
      "and one of padding and hangs past the padding; its divisor is 2 (clipped to the padded "
      "input), not 3")
    a("AvgPool1d_ceil_k3_s2_p1_nopad_f64",
      {"kernel_size": 3, "stride": 2, "padding": 1, "ceil_mode": True,
       "count_include_pad": False}, "float64", [2, 2, 6],
      "the same with count_include_pad=False: divisor 1")
    a("AvgPool1d_ceil_dropped_window_f32",
      {"kernel_size": 2, "stride": 2, "padding": 1, "ceil_mode": True}, "float32", [1, 1, 5],
      "ceil_mode: a window that would start in the right padding is dropped")
    a("AvgPool1d_unbatched_f64", {"kernel_size": 3, "stride": 1, "padding": 1}, "float64", [3, 8],
      "unbatched input [C, L]")
    a("AvgPool1d_unbatched_nopad_ceil_f32",
      {"kernel_size": 2, "stride": 3, "padding": 1, "ceil_mode": True,
       "count_include_pad": False}, "float32", [2, 7],
      "unbatched, stride > kernel (skipped positions: no gradient), ceil, no padding count")
    a("AvgPool1d_batch0_f32", {"kernel_size": 2}, "float32", [0, 2, 6], "an empty batch")
    a("AvgPool1d_list_args_f64", {"kernel_size": [3], "stride": [2], "padding": [1]}, "float64",
      [2, 2, 9], "sizes as one-element lists (AvgPool1d prints tuples either way)")
    a("AvgPool1d_nonfinite_f32", {"kernel_size": 2, "stride": 1}, "float32", [1, 2, 6],
      "nan, inf and -inf in the input (a window with inf and -inf is nan)",
      input_values=[1, NAN, 2, INF, -INF, 3, 0, INF, 1, 2, -1, -2])

    def bad(name, args, shape, note, dtype="float32"):
        a(name, args, dtype, shape, note, expect="forward")

    bad("AvgPool1d_err_padding_over_half", {"kernel_size": 3, "padding": 2}, [2, 2, 8],
        "padding 2 > kernel_size / 2")
    bad("AvgPool1d_err_stride0", {"kernel_size": 2, "stride": 0}, [2, 2, 8], "stride 0")
    bad("AvgPool1d_err_kernel0", {"kernel_size": 0}, [2, 2, 8],
        "kernel_size 0 (stride None: stride 0 too)")
    bad("AvgPool1d_err_negative_padding", {"kernel_size": 2, "padding": -1}, [2, 2, 8],
        "negative padding", dtype="float64")
    bad("AvgPool1d_err_kernel_longer_than_input", {"kernel_size": 8}, [2, 3, 7],
        "output size 0")
    bad("AvgPool1d_err_rank1", {"kernel_size": 2}, [7], "a rank-1 input")
    bad("AvgPool1d_err_zero_channels", {"kernel_size": 2}, [2, 0, 6], "zero channels")
    bad("AvgPool1d_err_zero_channels_unbatched", {"kernel_size": 2}, [0, 6],
        "zero channels, unbatched")
    return out


# ----------------------------------------------------------------------------------------------
# AdaptiveAvgPool1d and AdaptiveMaxPool1d
# ----------------------------------------------------------------------------------------------

def adaptive_specs():
    AA, AM = "AdaptiveAvgPool1d", "AdaptiveMaxPool1d"
    out = []

    def p(name, module, args, dtype, shape, note, **extra):
        out.append(spec(name, module, args, dtype, shape, note, **extra))

    p("AdaptiveAvgPool1d_3_of_10_f32", AA, {"output_size": 3}, "float32", [2, 3, 10],
      "windows [0,4), [3,7), [6,10): overlapping, of size 4")
    p("AdaptiveAvgPool1d_4_of_10_f64", AA, {"output_size": 4}, "float64", [2, 2, 10],
      "windows of sizes 3, 3, 3, 3 starting at 0, 2, 5, 7")
    p("AdaptiveAvgPool1d_15_of_10_f32", AA, {"output_size": 15}, "float32", [1, 2, 10],
      "more windows than positions")
    p("AdaptiveAvgPool1d_global_f64", AA, {"output_size": 1}, "float64", [2, 3, 7],
      "output_size 1: the global average")
    p("AdaptiveAvgPool1d_same_length_f32", AA, {"output_size": 6}, "float32", [2, 2, 6],
      "output_size == length: the identity")
    p("AdaptiveAvgPool1d_unbatched_f64", AA, {"output_size": 4}, "float64", [3, 9],
      "unbatched input [C, L]")
    p("AdaptiveAvgPool1d_list_f32", AA, {"output_size": [5]}, "float32", [2, 2, 8],
      "output_size as a one-element list")
    p("AdaptiveAvgPool1d_batch0_f32", AA, {"output_size": 2}, "float32", [0, 2, 5],
      "an empty batch")
    p("AdaptiveAvgPool1d_zero_channels_f64", AA, {"output_size": 2}, "float64", [2, 0, 5],
      "zero channels: the forward pass gives an empty output; the backward pass is refused "
      "(no gradients)")
    p("AdaptiveAvgPool1d_unbatched_zero_channels_f32", AA, {"output_size": 3}, "float32", [0, 5],
      "zero channels, unbatched: forward and backward give empty results")
    p("AdaptiveAvgPool1d_output0_f32", AA, {"output_size": 0}, "float32", [2, 2, 5],
      "output_size 0: an empty output; the backward pass is refused (no gradients)")
    p("AdaptiveAvgPool1d_nonfinite_f32", AA, {"output_size": 3}, "float32", [1, 1, 7],
      "nan and inf in the input", input_values=[1, NAN, 2, INF, 3, -INF, 4])

    p("AdaptiveMaxPool1d_3_of_10_f32", AM, {"output_size": 3}, "float32", [2, 3, 10],
      "overlapping windows of size 4")
    p("AdaptiveMaxPool1d_indices_4_of_10_f64", AM, {"output_size": 4, "return_indices": True},
      "float64", [2, 2, 10], "return_indices")
    p("AdaptiveMaxPool1d_indices_15_of_10_f32", AM, {"output_size": 15, "return_indices": True},
      "float32", [1, 2, 10], "more windows than positions: a position is picked several times "
      "and its gradient adds up")
    p("AdaptiveMaxPool1d_indices_unbatched_f64", AM, {"output_size": 3, "return_indices": True},
      "float64", [3, 8], "unbatched, return_indices")
    p("AdaptiveMaxPool1d_indices_ties_f32", AM, {"output_size": 5, "return_indices": True},
      "float32", [2, 1, 12], "equal maxima: the first of a window is picked",
      input_values=[1, 3, 3, 0, 3, 2, 2, -1, -1, -1, 5, 5,
                    0, -0.0, 0, 4, 1, 4, 4, 0, 2, 2, 2, 2])
    p("AdaptiveMaxPool1d_indices_nan_inf_f64", AM, {"output_size": 4, "return_indices": True},
      "float64", [1, 2, 10], "NaN is the maximum, the last NaN of a window is picked; a window "
      "of -inf picks its first position",
      input_values=[1, NAN, 3, NAN, 2, -INF, -INF, -INF, INF, 0,
                    NAN, NAN, -1, 2, -INF, -INF, -INF, 0, NAN, -2])
    p("AdaptiveMaxPool1d_list_f64", AM, {"output_size": [2]}, "float64", [2, 2, 7],
      "output_size as a one-element list")
    p("AdaptiveMaxPool1d_batch0_f32", AM, {"output_size": 2}, "float32", [0, 2, 5],
      "an empty batch")
    p("AdaptiveMaxPool1d_unbatched_zero_channels_f32", AM, {"output_size": 2,
                                                             "return_indices": True},
      "float32", [0, 5], "zero channels, unbatched: accepted (only the batched form is "
      "refused), empty results")
    p("AdaptiveMaxPool1d_output0_f64", AM, {"output_size": 0}, "float64", [2, 2, 5],
      "output_size 0: an empty output; the backward pass is refused (no gradients)")

    def bad(name, module, args, shape, note, dtype="float32"):
        p(name, module, args, dtype, shape, note, expect="forward")

    bad("AdaptiveAvgPool1d_err_zero_length", AA, {"output_size": 2}, [2, 3, 0], "length 0")
    bad("AdaptiveAvgPool1d_err_rank1", AA, {"output_size": 2}, [7], "a rank-1 input")
    bad("AdaptiveAvgPool1d_err_negative", AA, {"output_size": -1}, [2, 3, 7],
        "output_size -1", dtype="float64")
    bad("AdaptiveMaxPool1d_err_zero_channels", AM, {"output_size": 2}, [2, 0, 5],
        "zero channels, batched")
    bad("AdaptiveMaxPool1d_err_zero_length", AM, {"output_size": 2}, [3, 0],
        "length 0, unbatched")
    bad("AdaptiveMaxPool1d_err_rank4", AM, {"output_size": 2}, [1, 2, 3, 7], "a rank-4 input")
    bad("AdaptiveMaxPool1d_err_negative", AM, {"output_size": -1}, [2, 3, 7], "output_size -1")
    return out


# ----------------------------------------------------------------------------------------------
# LPPool1d
# ----------------------------------------------------------------------------------------------

def lp_specs():
    L = "LPPool1d"
    out = []

    def lp(name, args, dtype, shape, note, **extra):
        out.append(spec(name, L, args, dtype, shape, note, **extra))

    def positive(name, shape, **kw):
        return _values(name, _n(shape), low=0.05, high=3.0, **kw)

    lp("LPPool1d_p2_k3_f32", {"norm_type": 2, "kernel_size": 3}, "float32", [2, 3, 9],
       "norm_type 2 (an int), kernel 3, stride None")
    lp("LPPool1d_p2float_k2_s1_f64", {"norm_type": 2.0, "kernel_size": 2, "stride": 1},
       "float64", [2, 2, 7], "norm_type 2.0 (a float: the repr prints 2.0), overlapping windows")
    lp("LPPool1d_p1_k2_f64", {"norm_type": 1, "kernel_size": 2}, "float64", [2, 2, 8],
       "norm_type 1: the window's sum (negative sums stay negative)")
    lp("LPPool1d_p3_k2_f32", {"norm_type": 3, "kernel_size": 2}, "float32", [2, 2, 8],
       "norm_type 3 on signed inputs: a negative window sum has no real cube root (nan, with a "
       "nan gradient)")
    name = "LPPool1d_p1_5_positive_f32"
    lp(name, {"norm_type": 1.5, "kernel_size": 3, "stride": 2}, "float32", [2, 2, 9],
       "norm_type 1.5 on positive inputs", input_values=positive(name, [2, 2, 9]))
    name = "LPPool1d_p2_5_ceil_f64"
    lp(name, {"norm_type": 2.5, "kernel_size": 3, "stride": 2, "ceil_mode": True}, "float64",
       [1, 2, 8], "ceil_mode: the last window covers 2 positions, divided by 2 and multiplied "
       "by 3", input_values=positive(name, [1, 2, 8]))
    lp("LPPool1d_p2_ceil_f32", {"norm_type": 2, "kernel_size": 4, "stride": 3, "ceil_mode": True},
       "float32", [2, 1, 9], "ceil_mode with signed inputs")
    lp("LPPool1d_unbatched_f64", {"norm_type": 2, "kernel_size": 2, "stride": [1]}, "float64",
       [3, 6], "unbatched, stride as a one-element list")
    lp("LPPool1d_batch0_f32", {"norm_type": 2, "kernel_size": 2}, "float32", [0, 2, 6],
       "an empty batch")
    zeros = [0, 0, 1, 2, 0, 0, -1, 0, 0, 0, 3, 0]
    lp("LPPool1d_p2_zero_windows_f32", {"norm_type": 2, "kernel_size": 2}, "float32",
       [1, 2, 6], "windows of zeros: output 0 and gradient 0 (relu's backward stops the "
       "0 * inf of the square root's slope)", input_values=zeros, grad_ones=True)
    lp("LPPool1d_p1_cancelling_f64", {"norm_type": 1, "kernel_size": 2}, "float64", [1, 2, 4],
       "norm_type 1 with windows summing to exactly 0: gradient 0 there",
       input_values=[1, -1, 2, 3, -0.5, 0.5, 0, 0], grad_ones=True)
    lp("LPPool1d_p0_5_zeros_f64", {"norm_type": 0.5, "kernel_size": 2}, "float64", [1, 2, 4],
       "norm_type 0.5 with zeros: a zero window's gradient is 0 * inf = nan, a zero beside a "
       "positive value gets an infinite slope", input_values=[0, 0, 4, 0, 1, 2, 0, 9],
       grad_ones=True)
    lp("LPPool1d_p2_nonfinite_f32", {"norm_type": 2, "kernel_size": 2}, "float32", [1, 2, 6],
       "nan, inf and -inf in the input", input_values=[1, NAN, INF, 2, -INF, 3,
                                                       0, 1, -2, INF, 1, 1])

    def bad(name, args, shape, note, dtype="float32"):
        lp(name, args, dtype, shape, note, expect="forward")

    bad("LPPool1d_err_norm0", {"norm_type": 0, "kernel_size": 2}, [2, 2, 6],
        "norm_type 0: 1.0 / norm_type raises ZeroDivisionError")
    bad("LPPool1d_err_kernel_longer_than_input", {"norm_type": 2, "kernel_size": 8}, [2, 3, 7],
        "output size 0")
    bad("LPPool1d_err_stride0", {"norm_type": 2, "kernel_size": 2, "stride": 0}, [2, 2, 6],
        "stride 0", dtype="float64")
    bad("LPPool1d_err_rank1", {"norm_type": 2, "kernel_size": 2}, [7], "a rank-1 input")
    bad("LPPool1d_err_zero_channels_unbatched", {"norm_type": 2, "kernel_size": 2}, [0, 6],
        "zero channels, unbatched")
    bad("LPPool1d_err_kernel_list", {"norm_type": 2, "kernel_size": [2]}, [2, 2, 6],
        "kernel_size as a list: the forward multiplies by it (TypeError)")
    return out


def groups():
    return {
        "pool_max": max_specs(),
        "pool_avg": avg_specs(),
        "pool_adaptive": adaptive_specs(),
        "pool_lp": lp_specs(),
    }
