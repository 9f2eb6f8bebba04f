"""Case specifications for the rectifier, clamp, exponential and soft activations: ReLU6,
LeakyReLU, PReLU, Hardtanh (group ``act_rectifiers``), ELU, SELU, CELU (``act_exponential``),
Tanh, Sigmoid, Softsign and Softplus (``act_soft``).

See ``specs_conv.spec`` for the keys of a specification.

Inputs holding a NaN are kept short for Hardtanh, ReLU6, ELU, SELU and CELU: libtorch's CPU
backward kernels of these ops answer a NaN input in their scalar loop (the gradient passes) and in
their vectorised loop (0 for hardtanh, NaN for elu) differently, and the vectorised loop covers the
first ``n - n % (2 * lanes)`` elements: 16 float32 / 8 float64 elements on AVX2 (Debian's PyTorch
1.13 here), 32 / 16 on AVX-512 (libtorch 2.7.1 here). Below 16 float32 / 8 float64 elements both
versions run the scalar loop, whose answer torch-parity gives everywhere.
"""
import random
import zlib

from specs_conv import conv_args, spec
from specs_v2 import seq

NAN, INF = float("nan"), float("inf")


def _scaled_normal(name, shape, scale):
    """Input values ``random.Random(crc32(name)).gauss(0, 1) * scale``: a wider spread than
    ``torch.randn`` gives, to reach the far branches (ReLU6's 6, saturations)."""
    n = 1
    for d in shape:
        n *= d
    rng = random.Random(zlib.crc32(name.encode()))
    return [rng.gauss(0.0, 1.0) * scale for _ in range(n)]


def _adder(out, module):
    def add(name, dtype, shape, note, args=None, input_scale=None, **extra):
        if input_scale is not None:
            extra["input_values"] = _scaled_normal(name, shape, input_scale)
            note += (f"; input = random.Random(zlib.crc32(name)).gauss(0, 1) * {input_scale}")
        out.append(spec(name, module, {} if args is None else args, dtype, shape, note, **extra))
    return add


def _sequential(out, name, children, dtype, shape, note, **extra):
    out.append(spec(name, "Sequential", {}, dtype, shape, note, children=children, **extra))


# ----------------------------------------------------------------------------------------------
# act_rectifiers: ReLU6, LeakyReLU, PReLU, Hardtanh
# ----------------------------------------------------------------------------------------------

def rectifier_specs():
    out = []

    r = _adder(out, "ReLU6")
    r("ReLU6_batched_f32", "float32", [2, 3, 7], "batched [N, C, L]", input_scale=4.0)
    r("ReLU6_unbatched_f64", "float64", [3, 5], "unbatched [C, L], float64", input_scale=4.0)
    r("ReLU6_kinks_f32", "float32", [1, 2, 6],
      "values at both kinks (0, -0.0, 6) and beside them, nan and +-inf (12 elements: the scalar "
      "backward loop on AVX2 and AVX-512); grad_output ones with an inf where the input is 7",
      input_values=[0.0, -0.0, 6.0, 5.999999523162842, 6.000000476837158, -1.0, 3.0, NAN, INF,
                    -INF, 7.0, 0.5],
      grad_ones=True, nonfinite={"grad_output": {10: INF}})
    r("ReLU6_kinks_f64", "float64", [7], "kinks 0, -0.0, 6, nan, +-inf in float64 (7 elements)",
      input_values=[0.0, -0.0, 6.0, NAN, INF, -INF, 2.5], grad_ones=True)
    r("ReLU6_inplace_f32", "float32", [2, 3, 4], "inplace=True: the same values in a new array "
      "(no gradients: PyTorch refuses an in-place op on a leaf that requires grad)",
      args={"inplace": True}, grads=False, input_scale=4.0)
    r("ReLU6_rank0_f64", "float64", [], "a rank-0 input (any shape is accepted)")
    r("ReLU6_unknown_keyword", "float32", [2, 3], "a keyword ReLU6 does not take",
      args={"min_val": 0.0}, expect="construct")

    lr = _adder(out, "LeakyReLU")
    lr("LeakyReLU_default_f32", "float32", [2, 3, 7], "negative_slope 0.01 (default)")
    lr("LeakyReLU_slope02_unbatched_f64", "float64", [3, 6], "negative_slope 0.2, unbatched",
       args={"negative_slope": 0.2})
    lr("LeakyReLU_negative_slope_f32", "float32", [2, 2, 5], "negative_slope -0.5 (accepted)",
       args={"negative_slope": -0.5})
    lr("LeakyReLU_slope0_f64", "float64", [4, 5], "negative_slope 0: relu with gradient 0 at 0",
       args={"negative_slope": 0.0})
    lr("LeakyReLU_slope15_rank1_f32", "float32", [9], "negative_slope 1.5 on a rank-1 input",
       args={"negative_slope": 1.5})
    lr("LeakyReLU_kinks_f32", "float32", [12],
       "0, -0.0, subnormals, nan, +-inf: the gradient at 0 and at nan is grad * slope "
       "(leaky_relu_backward tests x > 0); inf in grad_output where the input is -inf",
       args={"negative_slope": 0.1},
       input_values=[0.0, -0.0, NAN, INF, -INF, 1e-30, -1e-30, 2.0, -2.0, 1.401298464324817e-45,
                     -1.401298464324817e-45, 3.0],
       nonfinite={"grad_output": {4: INF, 7: NAN}})
    lr("LeakyReLU_kinks_f64", "float64", [2, 5], "kinks and non-finite values in float64",
       args={"negative_slope": 0.3},
       input_values=[0.0, -0.0, NAN, INF, -INF, 5e-324, -5e-324, 1.0, -1.0, 0.25],
       grad_ones=True)
    lr("LeakyReLU_inplace_f64", "float64", [2, 3, 4], "inplace=True (no gradients: leaf)",
       args={"negative_slope": 0.05, "inplace": True}, grads=False)
    lr("LeakyReLU_batch0_f32", "float32", [0, 3, 4], "an empty batch",
       args={"negative_slope": 0.2})
    lr("LeakyReLU_unknown_keyword", "float32", [2, 3], "a keyword LeakyReLU does not take",
       args={"slope": 0.1}, expect="construct")

    p = _adder(out, "PReLU")
    p("PReLU_shared_f32", "float32", [2, 3, 7], "one weight shared by every element (default)")
    p("PReLU_per_channel_f32", "float32", [2, 3, 7], "num_parameters 3 along dim 1",
      args={"num_parameters": 3})
    p("PReLU_per_channel_init_f64", "float64", [2, 4, 5], "num_parameters 4, init -0.5",
      args={"num_parameters": 4, "init": -0.5})
    p("PReLU_unbatched_dim1_f32", "float32", [3, 8],
      "unbatched [C, L]: PyTorch's channel dim is still dim 1, so num_parameters 8 (= L) fits",
      args={"num_parameters": 8})
    p("PReLU_rank1_f64", "float64", [6], "a rank-1 input with one weight", args={"init": 0.1})
    p("PReLU_rank0_f64", "float64", [], "a rank-0 input with one weight")
    p("PReLU_rank4_f32", "float32", [2, 3, 2, 3], "rank 4, num_parameters 3 along dim 1",
      args={"num_parameters": 3, "init": 0.5})
    p("PReLU_zero_parameters_empty_f32", "float32", [2, 0, 3],
      "num_parameters 0 with 0 channels: accepted, empty output", args={"num_parameters": 0})
    p("PReLU_kinks_f32", "float32", [1, 2, 6],
      "0, -0.0, nan, +-inf: grad_input w * g where x <= 0 or nan; +inf adds nothing to the "
      "weight's gradient, -inf adds -inf * g",
      input_values=[0.0, -0.0, NAN, INF, -INF, 1.5, -1.5, 2.0, -3.0, 0.5, -0.25, 4.0])
    p("PReLU_nonfinite_weight_f32", "float32", [2, 3, 4],
      "per-channel weights inf, nan, 1: positive inputs keep their value and gradient",
      args={"num_parameters": 3}, nonfinite={"weight": {0: INF, 1: NAN}})
    p("PReLU_channel_mismatch", "float32", [2, 4, 5], "num_parameters 3 on 4 channels",
      args={"num_parameters": 3}, expect="forward")
    p("PReLU_unbatched_channel_mismatch", "float32", [3, 8],
      "num_parameters 3 on an unbatched [3, 8] input: dim 1 has 8 entries",
      args={"num_parameters": 3}, expect="forward")
    p("PReLU_rank1_per_channel", "float32", [3], "num_parameters 3 on a rank-1 input (1 channel)",
      args={"num_parameters": 3}, expect="forward")
    p("PReLU_rank0_per_channel", "float64", [], "num_parameters 2 on a rank-0 input",
      args={"num_parameters": 2}, expect="forward")
    p("PReLU_zero_parameters_mismatch", "float32", [2, 3, 4], "num_parameters 0 on 3 channels",
      args={"num_parameters": 0}, expect="forward")
    p("PReLU_negative_parameters", "float32", [2, 3], "num_parameters -1",
      args={"num_parameters": -1}, expect="construct")
    p("PReLU_float_parameters", "float32", [2, 3], "num_parameters 2.5 (not an int)",
      args={"num_parameters": 2.5}, expect="construct")
    p("PReLU_init_seed_shared_f32", "float32", [2, 3], "seeded init: weight filled with 0.25, "
      "no draw", init_seed=0)
    p("PReLU_init_seed_per_channel_f64", "float64", [2, 3],
      "seeded init: num_parameters 5, init 0.1 (float64 keeps 0.1's double)",
      args={"num_parameters": 5, "init": 0.1}, init_seed=7)
    p("PReLU_init_seed_per_channel_f32", "float32", [2, 3],
      "seeded init: num_parameters 3, init 0.1 (float32 rounds it)",
      args={"num_parameters": 3, "init": 0.1}, init_seed=3)
    _sequential(out, "PReLU_after_conv_f32",
                seq(("Conv1d", conv_args(2, 4, 3, padding=1)), ("PReLU", {"num_parameters": 4})),
                "float32", [2, 2, 9],
                "Conv1d -> PReLU(4), as in Conv-TasNet blocks: gradients for both weights")

    h = _adder(out, "Hardtanh")
    h("Hardtanh_default_f32", "float32", [2, 3, 7], "min_val -1, max_val 1 (defaults)")
    h("Hardtanh_bounds_f64", "float64", [3, 6], "min_val -2.5, max_val 3.25, unbatched",
      args={"min_val": -2.5, "max_val": 3.25}, input_scale=3.0)
    h("Hardtanh_zero_half_f32", "float32", [2, 4, 5], "min_val 0, max_val 0.5",
      args={"min_val": 0.0, "max_val": 0.5})
    h("Hardtanh_deprecated_keywords_f32", "float32", [2, 2, 5],
      "the deprecated min_value / max_value keywords (PyTorch warns and uses them)",
      args={"min_value": -0.5, "max_value": 2.0})
    h("Hardtanh_kinks_f32", "float32", [12],
      "values at both bounds and one float32 ulp inside, -0.0, nan, +-inf: no gradient at the "
      "bounds; nan passes it (scalar loop)",
      input_values=[-1.0, 1.0, -0.9999999403953552, 0.9999999403953552, 0.0, -0.0, NAN, INF,
                    -INF, 0.5, 2.0, -2.0],
      grad_ones=True)
    h("Hardtanh_kinks_f64", "float64", [7], "bounds -2.5 and 3.25 hit exactly, nan, +-inf",
      args={"min_val": -2.5, "max_val": 3.25},
      input_values=[-2.5, 3.25, NAN, INF, -INF, 0.0, 1.0], grad_ones=True)
    h("Hardtanh_float32_rounded_bounds_f32", "float32", [8],
      "bounds -0.1 and 0.1 are rounded to float32 before the comparison, so the float32 inputs "
      "-0.1 and 0.1 sit exactly on them (no gradient)",
      args={"min_val": -0.1, "max_val": 0.1},
      input_values=[0.1, -0.1, 0.05, -0.05, 0.10000001, -0.10000001, 0.0999999, 1.0],
      grad_ones=True)
    h("Hardtanh_inplace_f32", "float32", [2, 3, 4], "inplace=True (no gradients: leaf)",
      args={"min_val": -0.5, "max_val": 0.5, "inplace": True}, grads=False)
    h("Hardtanh_equal_bounds", "float32", [2, 3], "max_val == min_val: PyTorch's assertion",
      args={"min_val": 1.0, "max_val": 1.0}, expect="construct")
    h("Hardtanh_reversed_bounds", "float64", [2, 3], "max_val < min_val",
      args={"min_val": 2.0, "max_val": -1.0}, expect="construct")
    return out


# ----------------------------------------------------------------------------------------------
# act_exponential: ELU, SELU, CELU
# ----------------------------------------------------------------------------------------------

EXP_KINKS_F32 = [0.0, -0.0, NAN, INF, -INF, -1e-8, 1e-8, -20.0, -100.0, 88.0, 1.0, -1.0]
EXP_KINKS_F64 = [0.0, -0.0, NAN, INF, -INF, -1e-10, -50.0]


def exponential_specs():
    out = []

    e = _adder(out, "ELU")
    e("ELU_default_f32", "float32", [2, 3, 7], "alpha 1 (default)", input_scale=2.0)
    e("ELU_alpha05_unbatched_f64", "float64", [3, 6], "alpha 0.5, unbatched",
      args={"alpha": 0.5}, input_scale=2.0)
    e("ELU_alpha2_f32", "float32", [2, 4, 5], "alpha 2", args={"alpha": 2.0})
    e("ELU_negative_alpha_f64", "float64", [2, 2, 4], "alpha -0.7 (accepted out of place)",
      args={"alpha": -0.7}, input_scale=2.0)
    e("ELU_rank0_f32", "float32", [], "a rank-0 input")
    e("ELU_batch0_f64", "float64", [0, 2, 3], "an empty batch")
    e("ELU_kinks_f32", "float32", [12],
      "0 and -0.0 take the exponential branch (gradient alpha * grad); nan passes the gradient "
      "(scalar loop); -inf gives -alpha and 0; an inf grad_output at -inf gives nan",
      args={"alpha": 0.7}, input_values=EXP_KINKS_F32, nonfinite={"grad_output": {4: INF}})
    e("ELU_kinks_f64", "float64", [7], "kinks and non-finite values in float64",
      input_values=EXP_KINKS_F64, grad_ones=True)
    e("ELU_inplace_f32", "float32", [2, 3, 4], "inplace=True (no gradients: leaf)",
      args={"alpha": 1.0, "inplace": True}, grads=False)
    _sequential(out, "ELU_inplace_after_conv_f32",
                seq(("Conv1d", conv_args(2, 3, 3)), ("ELU", {"alpha": 1.0, "inplace": True})),
                "float32", [2, 2, 8],
                "Conv1d -> ELU(inplace=True): PyTorch differentiates from the result "
                "(elu_backward is_result), torch-parity from the input; equal up to rounding")

    s = _adder(out, "SELU")
    s("SELU_batched_f32", "float32", [2, 3, 7], "SELU", input_scale=2.0)
    s("SELU_unbatched_f64", "float64", [4, 5], "unbatched, float64", input_scale=2.0)
    s("SELU_rank1_f32", "float32", [9], "a rank-1 input")
    s("SELU_kinks_f32", "float32", [12], "kinks and non-finite values (scale * grad for nan)",
      input_values=EXP_KINKS_F32, grad_ones=True)
    s("SELU_kinks_f64", "float64", [7], "kinks and non-finite values in float64",
      input_values=EXP_KINKS_F64, nonfinite={"grad_output": {4: NAN}})
    s("SELU_inplace_f64", "float64", [2, 3, 4], "inplace=True (no gradients: leaf)",
      args={"inplace": True}, grads=False)
    _sequential(out, "SELU_inplace_after_conv_f64",
                seq(("Conv1d", conv_args(3, 2, 3, padding=1)), ("SELU", {"inplace": True})),
                "float64", [2, 3, 6], "Conv1d -> SELU(inplace=True)")

    c = _adder(out, "CELU")
    c("CELU_default_f32", "float32", [2, 3, 7], "alpha 1 (default)", input_scale=2.0)
    c("CELU_alpha07_f64", "float64", [3, 6],
      "alpha 0.7: PyTorch's backward scales by 1 / float(0.7), its forward by 1 / 0.7",
      args={"alpha": 0.7}, input_scale=2.0)
    c("CELU_alpha2_unbatched_f32", "float32", [4, 5], "alpha 2, unbatched", args={"alpha": 2.0},
      input_scale=3.0)
    c("CELU_negative_alpha_f64", "float64", [2, 2, 4], "alpha -0.5 (accepted)",
      args={"alpha": -0.5})
    c("CELU_kinks_f32", "float32", [12], "kinks and non-finite values, alpha 0.7",
      args={"alpha": 0.7}, input_values=EXP_KINKS_F32, grad_ones=True)
    c("CELU_kinks_f64", "float64", [7], "kinks and non-finite values in float64, alpha 0.7: the "
      "gradient at 0 is 0.7 / float(0.7), not 1", args={"alpha": 0.7},
      input_values=EXP_KINKS_F64, grad_ones=True)
    c("CELU_inplace_f32", "float32", [2, 3, 4], "inplace=True (no gradients: leaf)",
      args={"alpha": 1.5, "inplace": True}, grads=False)
    c("CELU_alpha0", "float32", [2, 3], "alpha 0: built, refused at forward (ZeroDivisionError)",
      args={"alpha": 0.0}, expect="forward")
    c("CELU_alpha_negative_zero", "float64", [4], "alpha -0.0 is 0 too", args={"alpha": -0.0},
      expect="forward")
    return out


# ----------------------------------------------------------------------------------------------
# act_soft: Tanh, Sigmoid, Softsign, Softplus
# ----------------------------------------------------------------------------------------------

SOFT_EDGES_F32 = [0.0, -0.0, NAN, INF, -INF, 10.0, -10.0, 20.0, -90.0, 1e-8, 3.0, -3.0]
SOFT_EDGES_F64 = [0.0, -0.0, NAN, INF, -INF, 40.0, -40.0, 1e-12]


def soft_specs():
    out = []
    for module in ("Tanh", "Sigmoid", "Softsign"):
        a = _adder(out, module)
        a(f"{module}_batched_f32", "float32", [2, 3, 7], "batched", input_scale=3.0)
        a(f"{module}_unbatched_f64", "float64", [3, 6], "unbatched, float64", input_scale=3.0)
        a(f"{module}_rank0_f32", "float32", [], "a rank-0 input")
        a(f"{module}_batch0_f64", "float64", [0, 2, 3], "an empty batch")
        a(f"{module}_edges_f32", "float32", [12],
          "0, -0.0, nan, +-inf and saturating values; inf in grad_output where the output "
          "saturates", input_values=SOFT_EDGES_F32, nonfinite={"grad_output": {3: INF, 5: NAN}})
        a(f"{module}_edges_f64", "float64", [2, 4], "edges in float64",
          input_values=SOFT_EDGES_F64, grad_ones=True)
        a(f"{module}_unknown_keyword", "float32", [2, 3], f"{module} takes no arguments",
          args={"inplace": True}, expect="construct")

    sp = _adder(out, "Softplus")
    sp("Softplus_default_f32", "float32", [2, 3, 7], "beta 1, threshold 20 (defaults)",
       input_scale=3.0)
    sp("Softplus_default_linear_branch_f64", "float64", [10],
       "around the default threshold: x = 20 is not above it (smooth branch), 20.5 is",
       input_values=[19.0, 20.0, 20.5, 21.0, -20.0, -40.0, 0.0, 1.0, -1.0, 30.0])
    sp("Softplus_beta2_threshold3_f64", "float64", [3, 6], "beta 2, threshold 3",
       args={"beta": 2.0, "threshold": 3.0}, input_scale=2.0)
    sp("Softplus_beta_half_threshold1_f32", "float32", [2, 4, 5], "beta 0.5, threshold 1",
       args={"beta": 0.5, "threshold": 1.0}, input_scale=3.0)
    sp("Softplus_threshold_kink_f32", "float32", [8],
       "beta 2, threshold 3: x = 1.5 gives x * beta == threshold exactly (smooth branch)",
       args={"beta": 2.0, "threshold": 3.0},
       input_values=[1.5, 1.5000001, 1.4999999, 0.0, -0.0, -5.0, 5.0, 2.0], grad_ones=True)
    sp("Softplus_negative_beta_f64", "float64", [2, 3, 4], "beta -1 (accepted)",
       args={"beta": -1.0}, input_scale=10.0)
    sp("Softplus_beta0_f32", "float32", [6],
       "beta 0: log(2) / 0 = inf everywhere; the gradient is grad / 2 (softplus_backward does "
       "not divide by beta)", args={"beta": 0.0}, input_values=[1.0, -1.0, 0.0, 3.0, -2.0, 0.5])
    sp("Softplus_threshold30_f64", "float64", [8],
       "threshold 30: x * beta between 20 and 30 takes the smooth branch",
       args={"threshold": 30.0},
       input_values=[20.5, 25.0, 29.9, 30.0, 30.1, 15.0, -3.0, 0.0])
    sp("Softplus_threshold100_overflow_f32", "float32", [6],
       "threshold 100, float32: exp(x) overflows for x > 88.7 below the threshold, so PyTorch "
       "gives inf and a nan gradient there",
       args={"threshold": 100.0}, input_values=[88.0, 89.0, 95.0, 100.0, 101.0, 50.0])
    sp("Softplus_edges_f32", "float32", [12], "nan, +-inf and extremes, default arguments",
       input_values=SOFT_EDGES_F32, nonfinite={"grad_output": {3: INF, 4: INF}})
    sp("Softplus_edges_beta3_f64", "float64", [2, 4], "nan, +-inf, beta 3, threshold 5",
       args={"beta": 3.0, "threshold": 5.0}, input_values=SOFT_EDGES_F64, grad_ones=True)
    sp("Softplus_rank0_f64", "float64", [], "a rank-0 input", args={"beta": 2.0})
    sp("Softplus_unknown_keyword", "float32", [2, 3], "a keyword Softplus does not take",
       args={"alpha": 1.0}, expect="construct")
    return out


def groups():
    return {
        "act_rectifiers": rectifier_specs(),
        "act_exponential": exponential_specs(),
        "act_soft": soft_specs(),
    }
