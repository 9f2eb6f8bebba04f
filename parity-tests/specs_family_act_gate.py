"""Case specifications for the smooth gates and the softmaxes (family ``act_gate``): ``nn.GELU``
(``approximate='none'`` and ``'tanh'``), ``nn.SiLU``, ``nn.Mish``, ``nn.Hardswish``,
``nn.Hardsigmoid``, ``nn.Softmax`` and ``nn.LogSoftmax``.

Groups:
    act_gates        forward and gradients of the five gates, float32 and float64, batched,
                     unbatched and rank 1, every constructor argument, refusals;
    act_gates_edges  the kinks of the hard gates (exactly -3 and 3), signed zeros, subnormals,
                     the overflow thresholds of each formula, +-inf and nan, in input and
                     grad_output;
    act_softmax      Softmax and LogSoftmax: every dim (negative ones, the legacy implicit
                     dim=None for ranks 0 to 4), empty tensors, masked (-inf) and non-finite rows,
                     refusals.

See ``specs_conv.spec`` for the keys of a specification and docs/modules/activations-gate.md for
what PyTorch 1.13 and libtorch 2.7.1 do differently here (the cases below avoid those values: the
values where the two disagree are listed there, measured).
"""
from specs_conv import spec

NAN, INF = float("nan"), float("inf")
F32_MAX = 3.4028234663852886e38  # float32's largest finite value, (2 - 2**-23) * 2**127
GATES = ("GELU", "SiLU", "Mish", "Hardswish", "Hardsigmoid")


# ----------------------------------------------------------------------------------------------
# act_gates
# ----------------------------------------------------------------------------------------------

def gate_specs():
    out = []

    def g(name, module, args, dtype, shape, note, **extra):
        out.append(spec(name, module, args, dtype, shape, note, **extra))

    for module, args, tag in (("GELU", {}, "GELU"),
                              ("GELU", {"approximate": "tanh"}, "GELU_tanh"),
                              ("SiLU", {}, "SiLU"), ("Mish", {}, "Mish"),
                              ("Hardswish", {}, "Hardswish"), ("Hardsigmoid", {}, "Hardsigmoid")):
        g(f"{tag}_batched_f32", module, args, "float32", [2, 3, 7], "batched [N, C, L]")
        g(f"{tag}_unbatched_f64", module, args, "float64", [3, 8], "unbatched [C, L], float64")
        # The ramps step over the kinks +-3 (the edge cases below hit them exactly).
        g(f"{tag}_ramp_f32", module, args, "float32", [2, 25],
          "input from -6.125 to 6.125 in steps of 0.25, across every region of every gate",
          input_values=[-6.125 + 0.25 * i for i in range(50)])
        g(f"{tag}_ramp_f64", module, args, "float64", [7, 7],
          "input from -8.05 in steps of 1/3, across every region of every gate",
          input_values=[-8.05 + i / 3 for i in range(49)])
    g("GELU_none_explicit_rank1_f64", "GELU", {"approximate": "none"}, "float64", [9],
      "approximate='none' given explicitly, rank-1 input")
    g("GELU_tanh_batch0_f32", "GELU", {"approximate": "tanh"}, "float32", [0, 3, 4],
      "an empty batch")
    g("SiLU_inplace_f32", "SiLU", {"inplace": True}, "float32", [2, 3, 5],
      "inplace=True (shown in the repr; PyTorch writes into the input, torch-parity returns a "
      "new array with the same values); forward only: PyTorch refuses an in-place "
      "operation on a leaf that requires grad", grads=False)
    g("Mish_inplace_rank1_f64", "Mish", {"inplace": True}, "float64", [11],
      "inplace=True, rank-1 input, forward only", grads=False)
    g("Hardswish_inplace_f64", "Hardswish", {"inplace": True}, "float64", [2, 2, 6],
      "inplace=True (not in PyTorch's repr), forward only", grads=False)
    g("Hardsigmoid_inplace_batch0_f32", "Hardsigmoid", {"inplace": True}, "float32",
      [0, 2, 3], "inplace=True, an empty batch, forward only",
      grads=False)
    g("SiLU_rank1_f64", "SiLU", {}, "float64", [13], "a rank-1 input")
    g("Mish_batch0_f32", "Mish", {}, "float32", [0, 4, 2], "an empty batch")

    def refuse(name, module, args, note, expect):
        out.append(spec(name, module, args, "float32", [2, 3, 4], note, grads=False,
                        expect=expect))

    refuse("GELU_err_approximate_capitalised", "GELU", {"approximate": "Tanh"},
           "approximate='Tanh': PyTorch builds the module and refuses it when called", "forward")
    refuse("GELU_err_approximate_none_word", "GELU", {"approximate": "None"},
           "approximate='None' (a string, not None): refused when called", "forward")
    refuse("GELU_err_approximate_not_a_string", "GELU", {"approximate": 1},
           "approximate=1: PyTorch builds the module and refuses the int when called "
           "(torch-parity refuses it earlier, when reading the arguments)", "forward")
    refuse("GELU_err_unexpected_inplace", "GELU", {"inplace": True},
           "GELU takes no inplace argument: TypeError at construction", "construct")
    refuse("SiLU_err_unexpected_dim", "SiLU", {"dim": 1},
           "SiLU takes no dim argument: TypeError at construction", "construct")
    refuse("Hardswish_err_unexpected_approximate", "Hardswish", {"approximate": "tanh"},
           "Hardswish takes no approximate argument", "construct")
    return out


# ----------------------------------------------------------------------------------------------
# act_gates_edges
# ----------------------------------------------------------------------------------------------

# Values every gate handles alike in PyTorch 1.13 and libtorch 2.7.1, on both of their CPU
# kernels' paths (measured: docs/modules/activations-gate.md).
EDGES_F32 = [0.0, -0.0, 1e-45, -1e-45, 1e-30, -1e-30, -3.0, 3.0, -2.9999998, 3.0000002,
             -2.0000002, 20.5, -20.5, 88.5, -88.5, 100.0, -100.0, 1e5, -1e5, 1e13, -1e13,
             3e19, -3e19, 1e20, -1e20, 1e38, -1e38, F32_MAX, -F32_MAX, NAN, -INF, INF]
EDGES_F64 = [0.0, -0.0, 5e-324, -5e-324, -3.0, 3.0, -2.9999999999999996, 3.0000000000000004,
             20.5, -20.5, 710.0, -710.0, -745.0, 1e103, -1e103, 1e155, -1e155, 1e300, -1e300,
             1.7976931348623157e308, -1.7976931348623157e308, NAN, -INF, INF]


def edge_specs():
    out = []

    def e(name, module, args, dtype, values, note, **extra):
        out.append(spec(name, module, args, dtype, [len(values)], note, input_values=values,
                        grad_ones=True, **extra))

    for module, args, tag in (("GELU", {"approximate": "tanh"}, "GELU_tanh"),
                              ("SiLU", {}, "SiLU"), ("Mish", {}, "Mish"),
                              ("Hardsigmoid", {}, "Hardsigmoid")):
        e(f"{tag}_edges_f32", module, args, "float32", EDGES_F32,
          "signed zeros, subnormals, the kinks +-3 and their neighbours, the overflow "
          "thresholds of exp (88.7), x^3 (7e12) and x^2 (1.8e19), the largest float32, nan and "
          "+-inf; grad_output ones")
        e(f"{tag}_edges_f64", module, args, "float64", EDGES_F64,
          "signed zeros, the smallest subnormal, the kinks +-3 and their neighbours, the "
          "overflow thresholds of exp (709.8), x^3 (5.6e102) and x^2 (1.3e154), the largest "
          "float64, nan and +-inf; grad_output ones")
    # GELU (erf form): libtorch 2.7.1's float32 kernel gives nan for +inf and inf above
    # F32_MAX / 2 where PyTorch 1.13 gives inf and the input; those values are left out here.
    e("GELU_edges_f32", "GELU", {}, "float32",
      [v for v in EDGES_F32 if not v > F32_MAX / 2],
      "as the other gates' float32 edges, without +inf and 1e38 / the largest float32, where "
      "libtorch 2.7.1 (nan, inf) and PyTorch 1.13 (inf, the input) differ")
    e("GELU_edges_f64", "GELU", {}, "float64", EDGES_F64,
      "signed zeros, subnormal, +-3, exp's and x^2's overflow thresholds, the largest float64, "
      "nan and +-inf")
    # Hardswish: PyTorch's CPU hardswish_backward answers by position. It runs a vectorized body
    # over whole chunks of 16 float32 / 8 float64 elements (AVX2, as PyTorch 1.13 runs here; 32 /
    # 16 under AVX512, as libtorch 2.7.1 runs here) and a scalar loop over the rest. The body gives
    # nan for a nan input, and 1.0 at x = 3 in 1.13 (1.5 in 2.7.1); the scalar loop gives grad for
    # nan and 1.5 at 3. torch-parity follows libtorch 2.7.1's body (nan for nan, 1.5 at 3), so
    # the nan and inf sit in the body and 3.0 in 1.13's scalar tail, where 1.13 agrees with that.
    body = [NAN, INF, -INF, -3.0, 0.0, -0.0, -2.9999998, 3.0000002, 1e-45, -1e-45, 20.5, -20.5,
            1e20, -1e20, 1e38, F32_MAX, -F32_MAX, -1e38, 5.0, -5.0, 2.5, -2.5, 1.0, -1.0,
            0.5, -0.5, 2.9999998, -3.0000002, 6.0, -6.0, 7.0, -7.0]
    tail = [3.0, 3.0, -3.0, 0.25, -4.0, 1.5, -1.5, 3.0]
    out.append(spec("Hardswish_edges_f32", "Hardswish", {}, "float32", [2, 20],
                    "the kinks -3 and 3 exactly, +-inf, nan, signed zeros, subnormals and "
                    "x * 6's overflow (above 5.7e37); nan and inf in the first 32 elements "
                    "(PyTorch 1.13's vectorized body), 3.0 at flat indices 32, 33 and 39 (its "
                    "scalar tail); nan in grad_output at x = -0.0 and at x = -4 (0 there: "
                    "below -3 the kernel returns zero, not grad * 0), inf at x = 2.5",
                    input_values=body + tail,
                    nonfinite={"grad_output": {5: NAN, 20: INF, 36: NAN}}))
    body64 = [NAN, INF, -INF, -3.0, 0.0, -0.0, 5e-324, 1.7976931348623157e308,
              -1.7976931348623157e308, 1e300, -1e300, 2.5, -2.5, -2.9999999999999996,
              3.0000000000000004, 7.0]
    tail64 = [3.0, -3.0, 3.0, -4.0, 0.5, 1.5, 3.0]
    out.append(spec("Hardswish_edges_f64", "Hardswish", {}, "float64", [23],
                    "the kinks -3 and 3 exactly, +-inf, nan, signed zeros, subnormal, x * 6's "
                    "overflow (the largest float64); nan and inf in the first 16 elements "
                    "(the vectorized body of PyTorch 1.13 under AVX2 and of libtorch 2.7.1 under "
                    "AVX512), 3.0 at flat indices 16, 18 and 22 (1.13's scalar tail)",
                    input_values=body64 + tail64, grad_ones=True))
    return out


# ----------------------------------------------------------------------------------------------
# act_softmax
# ----------------------------------------------------------------------------------------------

def softmax_specs():
    out = []

    def s(name, module, args, dtype, shape, note, **extra):
        out.append(spec(name, module, args, dtype, shape, note, **extra))

    for module in ("Softmax", "LogSoftmax"):
        s(f"{module}_dim1_batched_f32", module, {"dim": 1}, "float32", [2, 3, 7],
          "dim=1 over [N, C, L] (the channels)")
        s(f"{module}_dim_neg1_f64", module, {"dim": -1}, "float64", [2, 3, 5],
          "dim=-1 (the last dimension, counted from the end)")
        s(f"{module}_dim0_unbatched_f32", module, {"dim": 0}, "float32", [4, 6],
          "dim=0 over [C, L]")
        s(f"{module}_dim2_f64", module, {"dim": 2}, "float64", [2, 3, 4], "dim=2 over [N, C, L]")
        s(f"{module}_dim_neg3_f32", module, {"dim": -3}, "float32", [3, 2, 4],
          "dim=-3 (the batch dimension, counted from the end)")
        s(f"{module}_rank1_f64", module, {"dim": 0}, "float64", [9], "a rank-1 input, dim=0")
        for rank, shape in ((0, []), (1, [6]), (2, [3, 5]), (3, [2, 3, 4]), (4, [2, 3, 2, 3])):
            picked = 0 if rank in (0, 1, 3) else 1
            s(f"{module}_dimNone_rank{rank}_f{'32' if rank % 2 else '64'}", module, {},
              "float32" if rank % 2 else "float64", shape,
              f"dim=None (the default) on a rank-{rank} input: PyTorch's legacy implicit dim "
              f"(_get_softmax_dim) picks dim {picked} and warns")
        s(f"{module}_dim_explicit_None_f32", module, {"dim": None}, "float32", [2, 4],
          "dim=None given explicitly, rank 2: implicit dim 1")
        s(f"{module}_batch0_f32", module, {"dim": 1}, "float32", [0, 3, 4],
          "an empty batch")
        s(f"{module}_empty_dim_f64", module, {"dim": 1}, "float64", [2, 0, 3],
          "the reduced dimension is empty: an empty output")
        s(f"{module}_large_values_f32", module, {"dim": 1}, "float32", [3, 4],
          "values far beyond exp's range (the maximum is subtracted first)",
          input_values=[1000.0, 999.0, -1000.0, 0.0, -1e30, -1e30, -1e30, -1e30,
                        88.0, 89.0, 90.0, 1e-45])
        s(f"{module}_nonfinite_f32", module, {"dim": 1}, "float32", [5, 3],
          "a masked (-inf) element, a row of -inf only (nan), a row holding +inf (nan), a row "
          "holding nan, a finite row with nan in grad_output",
          input_values=[1.0, -INF, 2.0, -INF, -INF, -INF, INF, 0.0, 1.0, NAN, 1.0, 2.0,
                        0.5, -0.5, 0.0],
          nonfinite={"grad_output": {13: NAN}})
        s(f"{module}_nonfinite_f64", module, {"dim": 0}, "float64", [3, 4],
          "columns (dim=0): masked -inf, all -inf, +inf, and an inf in grad_output",
          input_values=[-INF, -INF, INF, 0.5, 1.0, -INF, 2.0, -0.5, 2.0, -INF, 3.0, 1.5],
          nonfinite={"grad_output": {3: INF}})

    def refuse(name, module, args, shape, note, expect):
        out.append(spec(name, module, args, "float32", shape, note, grads=False,
                        expect=expect))

    refuse("Softmax_err_dim_out_of_range", "Softmax", {"dim": 2}, [3, 4],
           "dim=2 on a rank-2 input: IndexError when called", "forward")
    refuse("Softmax_err_dim_negative_out_of_range", "Softmax", {"dim": -3}, [3, 4],
           "dim=-3 on a rank-2 input: IndexError when called", "forward")
    refuse("Softmax_err_dim1_rank0", "Softmax", {"dim": 1}, [],
           "dim=1 on a 0-d input (which takes only 0 and -1)", "forward")
    refuse("LogSoftmax_err_dim_out_of_range", "LogSoftmax", {"dim": 3}, [2, 3, 4],
           "dim=3 on a rank-3 input: IndexError when called", "forward")
    refuse("Softmax_err_dim_bool", "Softmax", {"dim": True}, [3, 4],
           "dim=True: PyTorch builds the module and its softmax refuses a bool dim when called "
           "(torch-parity refuses it when reading the arguments)", "forward")
    refuse("LogSoftmax_err_dim_float", "LogSoftmax", {"dim": 1.5}, [3, 4],
           "dim=1.5: refused when called (torch-parity: when reading the arguments)", "forward")
    refuse("Softmax_err_unexpected_inplace", "Softmax", {"inplace": True}, [3, 4],
           "Softmax takes no inplace argument: TypeError at construction", "construct")
    return out


def groups():
    return {
        "act_gates": gate_specs(),
        "act_gates_edges": edge_specs(),
        "act_softmax": softmax_specs(),
    }
