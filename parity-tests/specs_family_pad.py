"""Case specifications for the padding, resampling and regularisation family: ``ConstantPad1d``,
``ReflectionPad1d``, ``ReplicationPad1d`` (group ``pad_padding``), ``Upsample`` on 3-D input
(``pad_upsample``) and ``Dropout`` (``pad_dropout``).

See ``specs_conv.spec`` for the keys of a specification. Dropout's training cases set
``forward_seed``: torch.manual_seed(forward_seed) runs just before the forward call, so the mask is
the generator's; PyTorch 1.13 (Debian, CPU) and libtorch 2.7.1 (DJL) draw the same mask for the
same seed on this project's machine (measured; see docs/modules/pad.md), so these cases pass on the
engine. The pure-Java reference declines them (it cannot draw from libtorch's generator).
"""
from specs_conv import spec

NAN, INF = float("nan"), float("inf")


def groups():
    return {"pad_padding": padding_specs(), "pad_upsample": upsample_specs(),
            "pad_dropout": dropout_specs()}


# ----------------------------------------------------------------------------------------------
# ConstantPad1d, ReflectionPad1d, ReplicationPad1d
# ----------------------------------------------------------------------------------------------

def padding_specs():
    out = []

    def p(name, module, args, dtype, shape, note, **extra):
        out.append(spec(name, module, args, dtype, shape, note, **extra))

    C, RF, RP = "ConstantPad1d", "ReflectionPad1d", "ReplicationPad1d"
    # ConstantPad1d: any rank, negative sides narrow first (constant_pad_nd)
    p("ConstantPad1d_int_f32", C, {"padding": 2, "value": 0.5}, "float32", [2, 3, 5],
      "padding 2 on both sides, value 0.5 (a float: repr value=0.5)")
    p("ConstantPad1d_pair_int_value_f64", C, {"padding": [1, 3], "value": 0}, "float64", [3, 6],
      "unbatched (C, L), padding (1, 3), value 0 given as an int")
    p("ConstantPad1d_rank1_f32", C, {"padding": [0, 2], "value": -1.5}, "float32", [4],
      "a rank-1 input: ConstantPad1d pads the last dimension of any rank")
    p("ConstantPad1d_rank4_f64", C, {"padding": [2, 1], "value": 3.0}, "float64", [2, 1, 2, 3],
      "a rank-4 input (the last dimension is padded)")
    p("ConstantPad1d_crop_left_f32", C, {"padding": [-2, 1], "value": 7.0}, "float32", [2, 2, 5],
      "negative left: the first 2 elements are removed, then 1 value appended")
    p("ConstantPad1d_crop_both_f64", C, {"padding": [-1, -1], "value": 1.0}, "float64", [2, 2, 5],
      "both sides negative: a narrow only")
    p("ConstantPad1d_crop_all_f32", C, {"padding": [-5, 0], "value": 1.0}, "float32", [2, 2, 5],
      "crops the whole signal: an empty output (allowed when no side pads)")
    p("ConstantPad1d_crop_all_then_pad_f64", C, {"padding": [2, -5], "value": 2.5}, "float64",
      [1, 2, 5], "crops the whole signal, then pads 2 values: the output is the value alone")
    p("ConstantPad1d_zero_f32", C, {"padding": 0, "value": 1.0}, "float32", [2, 2, 4],
      "padding 0: a copy")
    p("ConstantPad1d_batch0_f32", C, {"padding": 1, "value": 0.0}, "float32", [0, 3, 4],
      "an empty batch")
    p("ConstantPad1d_empty_length_f64", C, {"padding": [2, 1], "value": 4.0}, "float64",
      [2, 2, 0], "an empty signal (L = 0): the output is the padding alone")
    p("ConstantPad1d_nonfinite_f32", C, {"padding": [1, 2], "value": -0.0}, "float32", [1, 2, 4],
      "nan, inf, -inf in the input and in grad_output, value -0.0",
      input_values=[NAN, 1.0, INF, -INF, 2.0, -0.0, 3.0, NAN],
      nonfinite={"grad_output": {0: NAN, 3: INF, 8: -INF}})
    p("ConstantPad1d_err_crop_beyond_f32", C, {"padding": [-6, 2], "value": 0.0}, "float32",
      [2, 3, 5], "cropping 6 from a signal of 5 (then padding): refused",
      expect="forward", grads=False)
    p("ConstantPad1d_err_crop_sum_beyond_f64", C, {"padding": [-5, -1], "value": 0.0}, "float64",
      [2, 3, 5], "cropping 5 + 1 from a signal of 5: refused", expect="forward", grads=False)
    p("ConstantPad1d_err_odd_padding_f32", C, {"padding": [1, 2, 3], "value": 0.0}, "float32",
      [2, 3, 5], "a padding of 3 ints: PyTorch builds it and refuses at forward",
      expect="forward", grads=False)
    p("ConstantPad1d_err_no_value_f32", C, {"padding": 2}, "float32", [2, 3, 5],
      "value is a required argument", expect="construct", grads=False)

    # ReflectionPad1d
    p("ReflectionPad1d_int_f32", RF, {"padding": 2}, "float32", [2, 3, 5], "padding 2")
    p("ReflectionPad1d_pair_unbatched_f64", RF, {"padding": [3, 1]}, "float64", [2, 6],
      "unbatched (C, L), padding (3, 1)")
    p("ReflectionPad1d_largest_f32", RF, {"padding": [4, 4]}, "float32", [1, 2, 5],
      "padding L-1 on both sides, the largest allowed")
    p("ReflectionPad1d_crop_left_pad_right_f64", RF, {"padding": [-2, 1]}, "float64", [2, 2, 5],
      "negative left, positive right")
    p("ReflectionPad1d_crop_reads_cropped_f32", RF, {"padding": [-3, 2]}, "float32", [1, 3, 5],
      "cropping 3 and reflecting 2: the reflected elements come from the cropped part")
    p("ReflectionPad1d_crop_beyond_f64", RF, {"padding": [-6, 2]}, "float64", [2, 2, 5],
      "cropping 6 from 5 and padding 2: one output element, reflected from x[2] (libtorch's "
      "index rule)")
    p("ReflectionPad1d_pad_left_crop_right_f32", RF, {"padding": [3, -2]}, "float32", [2, 2, 5],
      "positive left, negative right")
    p("ReflectionPad1d_crop_both_f64", RF, {"padding": [-1, -1]}, "float64", [2, 2, 5],
      "both sides negative")
    p("ReflectionPad1d_batch0_f32", RF, {"padding": 1}, "float32", [0, 3, 4], "an empty batch")
    p("ReflectionPad1d_nonfinite_f64", RF, {"padding": [2, 2]}, "float64", [1, 1, 5],
      "nan and inf reflected; inf in grad_output",
      input_values=[1.0, NAN, 2.0, INF, -INF], nonfinite={"grad_output": {1: INF}})
    p("ReflectionPad1d_err_padding_equals_length_f32", RF, {"padding": [5, 0]}, "float32",
      [2, 3, 5], "padding 5 on a signal of 5: refused", expect="forward", grads=False)
    p("ReflectionPad1d_err_rank1_f32", RF, {"padding": 1}, "float32", [5],
      "a rank-1 input: refused (2-D or 3-D only)", expect="forward", grads=False)
    p("ReflectionPad1d_err_rank4_f64", RF, {"padding": 1}, "float64", [1, 2, 3, 5],
      "a rank-4 input: refused", expect="forward", grads=False)
    p("ReflectionPad1d_err_empty_channels_f32", RF, {"padding": 1}, "float32", [2, 0, 5],
      "zero channels: refused", expect="forward", grads=False)
    p("ReflectionPad1d_err_empty_length_f32", RF, {"padding": 1}, "float32", [2, 3, 0],
      "an empty signal: refused", expect="forward", grads=False)
    p("ReflectionPad1d_err_crop_all_f64", RF, {"padding": [-3, -2]}, "float64", [2, 3, 5],
      "cropping the whole signal: refused (output W 0)", expect="forward", grads=False)

    # ReplicationPad1d
    p("ReplicationPad1d_int_f32", RP, {"padding": 2}, "float32", [2, 3, 5], "padding 2")
    p("ReplicationPad1d_pair_unbatched_f64", RP, {"padding": [0, 3]}, "float64", [3, 4],
      "unbatched (C, L), padding (0, 3)")
    p("ReplicationPad1d_longer_than_signal_f32", RP, {"padding": [5, 6]}, "float32", [2, 2, 2],
      "padding longer than the signal (allowed, unlike reflection)")
    p("ReplicationPad1d_crop_left_pad_right_f64", RP, {"padding": [-2, 1]}, "float64", [2, 2, 5],
      "negative left, positive right")
    p("ReplicationPad1d_crop_beyond_f32", RP, {"padding": [-6, 2]}, "float32", [2, 2, 5],
      "cropping 6 from 5 and padding 2: one output element, the last input element")
    p("ReplicationPad1d_pad_left_crop_right_f64", RP, {"padding": [3, -2]}, "float64",
      [1, 2, 5], "positive left, negative right")
    p("ReplicationPad1d_batch0_f64", RP, {"padding": 1}, "float64", [0, 3, 4], "an empty batch")
    p("ReplicationPad1d_nonfinite_f32", RP, {"padding": [2, 1]}, "float32", [1, 2, 3],
      "nan and inf at the edges, replicated", input_values=[NAN, 1.0, INF, -INF, 2.0, NAN],
      nonfinite={"grad_output": {0: INF}})
    p("ReplicationPad1d_err_rank1_f64", RP, {"padding": 1}, "float64", [5],
      "a rank-1 input: refused", expect="forward", grads=False)
    p("ReplicationPad1d_err_empty_channels_f32", RP, {"padding": 1}, "float32", [2, 0, 5],
      "zero channels: refused", expect="forward", grads=False)
    p("ReplicationPad1d_err_unbatched_empty_f32", RP, {"padding": 1}, "float32", [0, 5],
      "unbatched with zero channels: refused", expect="forward", grads=False)
    p("ReplicationPad1d_err_crop_all_f32", RP, {"padding": [-5, 0]}, "float32", [2, 3, 5],
      "cropping the whole signal: refused (output W 0)", expect="forward", grads=False)
    return out


# ----------------------------------------------------------------------------------------------
# Upsample (3-D input)
# ----------------------------------------------------------------------------------------------

def upsample_specs():
    out = []
    U = "Upsample"

    def u(name, args, dtype, shape, note, **extra):
        out.append(spec(name, U, args, dtype, shape, note, **extra))

    # nearest
    u("Upsample_nearest_x2_f32", {"scale_factor": 2}, "float32", [2, 3, 5],
      "scale 2 (int): out == 2L, the kernel reads d >> 1")
    u("Upsample_nearest_x3_f64", {"scale_factor": 3.0}, "float64", [2, 2, 4], "scale 3")
    u("Upsample_nearest_x1_5_f32", {"scale_factor": 1.5}, "float32", [2, 2, 5],
      "scale 1.5 on L 5: out 7, sources floor(d / 1.5)")
    u("Upsample_nearest_x1_7_f32", {"scale_factor": 1.7}, "float32", [1, 2, 5],
      "scale 1.7 on L 5: out 8; the kernel reads floor(d / 1.7), not floor(d * 5 / 8)")
    u("Upsample_nearest_x1_7_recompute_f32",
      {"scale_factor": 1.7, "recompute_scale_factor": True}, "float32", [1, 2, 5],
      "scale 1.7 with recompute_scale_factor=True: out 8, sources floor(d * 5 / 8)")
    u("Upsample_nearest_x0_7_f64", {"scale_factor": 0.7}, "float64", [2, 2, 10],
      "scale 0.7 on L 10: downsampling to 7")
    u("Upsample_nearest_x2_2_f32", {"scale_factor": 2.2}, "float32", [1, 2, 4],
      "scale 2.2 on L 4: out 8 == 2L, so the kernel reads d >> 1 whatever the scale")
    u("Upsample_nearest_x1_1_f64", {"scale_factor": 1.1}, "float64", [1, 2, 5],
      "scale 1.1 on L 5: out 5 == L, a copy")
    u("Upsample_nearest_size7_f32", {"size": 7}, "float32", [2, 3, 5], "size 7 from L 5")
    u("Upsample_nearest_size_tuple_f64", {"size": [3]}, "float64", [2, 2, 8],
      "size given as a one-element sequence, downsampling 8 to 3")
    u("Upsample_nearest_x2_5_f32", {"scale_factor": 2.5}, "float32", [1, 2, 4],
      "scale 2.5 on L 4: out 10")
    u("Upsample_nearest_batch0_f32", {"scale_factor": 2}, "float32", [0, 3, 5], "an empty batch")
    u("Upsample_nearest_exact_x1_5_f32", {"scale_factor": 1.5, "mode": "nearest-exact"},
      "float32", [2, 2, 5], "nearest-exact, scale 1.5")
    u("Upsample_nearest_exact_size7_f64", {"size": 7, "mode": "nearest-exact"}, "float64",
      [1, 2, 5], "nearest-exact, size 7")
    u("Upsample_nearest_exact_x0_6_f32", {"scale_factor": 0.6, "mode": "nearest-exact"},
      "float32", [1, 2, 9], "nearest-exact, downsampling by 0.6")
    # linear
    u("Upsample_linear_x2_f32", {"scale_factor": 2, "mode": "linear"}, "float32", [2, 3, 5],
      "linear, scale 2, align_corners None (False)")
    u("Upsample_linear_x2_align_f64", {"scale_factor": 2, "mode": "linear",
                                       "align_corners": True}, "float64", [2, 2, 5],
      "linear, scale 2, align_corners=True")
    u("Upsample_linear_x1_5_f32", {"scale_factor": 1.5, "mode": "linear"}, "float32",
      [2, 2, 5], "linear, scale 1.5")
    u("Upsample_linear_x1_7_f64", {"scale_factor": 1.7, "mode": "linear",
                                   "align_corners": False}, "float64", [1, 2, 5],
      "linear, scale 1.7 handed to the kernel (ratio 1/1.7)")
    u("Upsample_linear_x1_7_recompute_f64", {"scale_factor": 1.7, "mode": "linear",
                                             "recompute_scale_factor": True}, "float64",
      [1, 2, 5], "linear, scale 1.7 recomputed (ratio 5/8)")
    u("Upsample_linear_x0_7_f32", {"scale_factor": 0.7, "mode": "linear"}, "float32",
      [2, 2, 10], "linear, downsampling by 0.7")
    u("Upsample_linear_x2_5_recompute_false_f32",
      {"scale_factor": 2.5, "mode": "linear", "recompute_scale_factor": False}, "float32",
      [1, 3, 4], "linear, scale 2.5, recompute_scale_factor=False")
    u("Upsample_linear_size9_align_f32", {"size": 9, "mode": "linear", "align_corners": True},
      "float32", [2, 2, 5], "linear, size 9 from 5 with align_corners: sources at d / 2")
    u("Upsample_linear_size1_align_f64", {"size": 1, "mode": "linear", "align_corners": True},
      "float64", [1, 2, 5], "linear to one element with align_corners: x[0]")
    u("Upsample_linear_size1_f32", {"size": 1, "mode": "linear"}, "float32", [1, 2, 5],
      "linear to one element without align_corners: the middle")
    u("Upsample_linear_size3_from1_f64", {"size": 3, "mode": "linear"}, "float64", [2, 2, 1],
      "linear from a single element")
    u("Upsample_linear_x1_1_copy_f32", {"scale_factor": 1.1, "mode": "linear"}, "float32",
      [1, 2, 5], "linear, scale 1.1 on L 5: out == L, a copy")
    u("Upsample_linear_nonfinite_f32", {"size": 9, "mode": "linear", "align_corners": True},
      "float32", [1, 1, 5], "nan and inf in the input: a zero weight on an infinite neighbour "
      "gives nan, as PyTorch forms both products; inf in grad_output",
      input_values=[1.0, INF, 3.0, NAN, 5.0], nonfinite={"grad_output": {2: INF}})
    u("Upsample_linear_nonfinite_f64", {"scale_factor": 1.5, "mode": "linear"}, "float64",
      [1, 2, 4], "-inf and nan in the input", input_values=[-INF, 1.0, 2.0, 3.0, 0.5, NAN, 1.0,
                                                             2.0])
    u("Upsample_linear_batch0_f64", {"size": 6, "mode": "linear"}, "float64", [0, 2, 3],
      "an empty batch")
    # refusals (PyTorch checks them when called)
    u("Upsample_err_size_and_scale_f32", {"size": 4, "scale_factor": 2.0}, "float32", [2, 3, 5],
      "size and scale_factor both given", expect="forward", grads=False)
    u("Upsample_err_neither_f32", {}, "float32", [2, 3, 5], "neither size nor scale_factor",
      expect="forward", grads=False)
    u("Upsample_err_scale_zero_f64", {"scale_factor": 0}, "float64", [2, 3, 5],
      "scale_factor 0 is None to nn.Upsample: neither given", expect="forward", grads=False)
    u("Upsample_err_align_nearest_f32", {"scale_factor": 2, "align_corners": True}, "float32",
      [2, 3, 5], "align_corners with mode nearest", expect="forward", grads=False)
    u("Upsample_err_bilinear_3d_f32", {"scale_factor": 2, "mode": "bilinear"}, "float32",
      [2, 3, 5], "bilinear on a 3-D input", expect="forward", grads=False)
    u("Upsample_err_bicubic_3d_f64", {"scale_factor": 2, "mode": "bicubic"}, "float64",
      [2, 3, 5], "bicubic on a 3-D input", expect="forward", grads=False)
    u("Upsample_err_unknown_mode_f32", {"scale_factor": 2, "mode": "cubic"}, "float32",
      [2, 3, 5], "an unknown mode", expect="forward", grads=False)
    u("Upsample_err_rank2_f32", {"scale_factor": 2}, "float32", [3, 5],
      "an unbatched 2-D input: PyTorch's interpolate takes 3-D to 5-D", expect="forward",
      grads=False)
    u("Upsample_err_size0_f64", {"size": 0}, "float64", [2, 3, 5], "size 0", expect="forward",
      grads=False)
    u("Upsample_err_scale_too_small_f32", {"scale_factor": 0.1}, "float32", [2, 3, 5],
      "scale 0.1 on L 5: output length 0", expect="forward", grads=False)
    u("Upsample_err_recompute_with_size_f32", {"size": 4, "recompute_scale_factor": True},
      "float32", [2, 3, 5], "recompute_scale_factor=True with a size", expect="forward",
      grads=False)
    u("Upsample_err_empty_channels_f32", {"scale_factor": 2}, "float32", [2, 0, 5],
      "zero channels", expect="forward", grads=False)
    u("Upsample_err_empty_length_f64", {"size": 3, "mode": "linear"}, "float64", [2, 3, 0],
      "an empty signal", expect="forward", grads=False)
    u("Upsample_err_size_pair_f32", {"size": [4, 5]}, "float32", [2, 3, 5],
      "two sizes for one spatial dimension", expect="forward", grads=False)
    return out


# ----------------------------------------------------------------------------------------------
# Dropout
# ----------------------------------------------------------------------------------------------

def dropout_specs():
    out = []
    D = "Dropout"

    def d(name, args, dtype, shape, note, **extra):
        out.append(spec(name, D, args, dtype, shape, note, **extra))

    d("Dropout_eval_f32", {}, "float32", [2, 3, 6], "eval mode: the identity", training=False)
    d("Dropout_eval_f64", {"p": 0.3, "inplace": True}, "float64", [3, 5],
      "eval mode, unbatched, inplace=True (repr only)", training=False)
    d("Dropout_eval_p1_f32", {"p": 1.0}, "float32", [2, 4], "eval mode with p 1: the identity",
      training=False)
    d("Dropout_train_seed0_f32", {"p": 0.5}, "float32", [2, 3, 8],
      "training mode, torch.manual_seed(0) before the call: the mask is the generator's",
      forward_seed=0)
    d("Dropout_train_seed1_p02_f64", {"p": 0.2}, "float64", [2, 3, 8],
      "training mode, p 0.2, float64, seed 1", forward_seed=1)
    d("Dropout_train_seed42_rank1_f32", {}, "float32", [16],
      "training mode on a rank-1 input, default p 0.5, seed 42", forward_seed=42)
    d("Dropout_train_seed7_large_f32", {"p": 0.3}, "float32", [4, 8, 64],
      "training mode on 2048 elements, seed 7", forward_seed=7)
    d("Dropout_train_seed123_p09_f64", {"p": 0.9}, "float64", [3, 4, 5],
      "training mode, p 0.9, seed 123", forward_seed=123)
    d("Dropout_train_nonfinite_f32", {"p": 0.5}, "float32", [1, 2, 4],
      "training mode with nan and inf in the input (a dropped nan stays nan: nan * 0)",
      forward_seed=3, input_values=[NAN, INF, -INF, 1.0, NAN, 2.0, INF, -1.0])
    d("Dropout_train_p0_f64", {"p": 0.0}, "float64", [2, 3, 4],
      "training mode, p 0: the identity, nothing drawn")
    d("Dropout_train_p1_f32", {"p": 1.0}, "float32", [2, 3, 4],
      "training mode, p 1: input * 0 (-0.0 for negative inputs), nothing drawn")
    d("Dropout_train_p1_int_f64", {"p": 1}, "float64", [3, 4],
      "training mode, p 1 given as an int, unbatched")
    d("Dropout_err_negative_p_f32", {"p": -0.1}, "float32", [2, 3, 4],
      "p below 0: refused at construction", expect="construct", grads=False)
    d("Dropout_err_p_above_one_f64", {"p": 1.1}, "float64", [2, 3, 4],
      "p above 1: refused at construction", expect="construct", grads=False)
    d("Dropout_err_p_string_f32", {"p": "half"}, "float32", [2, 3, 4],
      "p not a number", expect="construct", grads=False)
    return out
