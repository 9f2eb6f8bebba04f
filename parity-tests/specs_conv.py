"""Case specifications for the Conv1d / ConvTranspose1d groups (the groups of format 1, kept).

A specification is a dict made by ``spec()``; ``generate_cases.run_spec`` runs it through
PyTorch and writes the case. Seeds derive from the case name, so renaming a case changes its
numbers.
"""
import random
import warnings

import torch
from torch import nn

DTYPES = ("float32", "float64")


# ----------------------------------------------------------------------------------------------
# building blocks
# ----------------------------------------------------------------------------------------------

def conv_args(cin, cout, k, stride=1, padding=0, dilation=1, groups=1, bias=True,
              padding_mode="zeros"):
    return {"in_channels": cin, "out_channels": cout, "kernel_size": k, "stride": stride,
            "padding": padding, "dilation": dilation, "groups": groups, "bias": bias,
            "padding_mode": padding_mode}


def convt_args(cin, cout, k, stride=1, padding=0, output_padding=0, groups=1, bias=True,
               dilation=1, padding_mode="zeros"):
    return {"in_channels": cin, "out_channels": cout, "kernel_size": k, "stride": stride,
            "padding": padding, "output_padding": output_padding, "groups": groups,
            "bias": bias, "dilation": dilation, "padding_mode": padding_mode}


def spec(name, module, args, dtype, shape, note, grads=True, expect="ok", **extra):
    """One case to generate (run by ``generate_cases.run_spec``).

    module, args: the torch.nn class name and its constructor keywords; shape: the input's.
    expect: "ok" (forward must succeed), "construct" (construction must raise),
            "load_state_dict" (loading the state given by ``load_state`` must raise),
            "forward" (construction succeeds, forward must raise).
    extra:  children=[{"name", "module", "args"[, "children"]}] (containers);
            nonfinite={"input" | "grad_output" | <state key>: {flat_index: value}};
            input_values=[...] (exact input), fill_weight=v, fill_bias=v, grad_ones=True;
            init_seed=N (initialisation case: state only);
            seed_name="..." (derive the case's seed from this name instead of its own);
            load_state={key: None (drop it) | [shape] (replace it by randn of that shape)};
            external={"state" | "grads" | "input" | "output" | "grad_output" | "grad_input":
                      "file.npz" | "file.safetensors"} (tensors written to a weights file);
            safetensors_metadata={...}; training=False (run in eval mode); state_after=True
            (record the buffers after the call); format=1 (write the case in format 1);
            input_ints=[low, high] (an int64 input from torch.randint, for Embedding);
            input_dtype="int64" (with input_values); forward_seed=N (torch.manual_seed(N) just
            before the forward call, for Dropout); prepare=fn(module, torch) -> note or None (runs
            under no_grad after construction, before the state is recorded: set running stats,
            weights, ...). A module returning a tuple is written with ``outputs``; backward runs
            through its first output.
    """
    s = {"name": name, "module": module, "args": args, "dtype": dtype, "shape": shape,
         "note": note, "grads": grads, "expect": expect}
    s.update(extra)
    return s


def conv1d_forward_specs():
    out = []
    add = out.append
    C = "Conv1d"

    # stride x integer padding
    for s in (1, 2, 3):
        for p in (0, 1, 2, 3):
            add(spec(f"Conv1d_stride{s}_pad{p}", C, conv_args(2, 3, 3, stride=s, padding=p),
                     "float32", [2, 2, 10], f"stride {s}, padding {p}"))
    # dilation x padding
    for d in (1, 2, 3):
        for p in (0, 2):
            add(spec(f"Conv1d_dilation{d}_pad{p}", C, conv_args(3, 2, 3, dilation=d, padding=p),
                     "float64", [2, 3, 11], f"dilation {d}, padding {p}"))
    add(spec("Conv1d_stride2_dilation2_pad1", C, conv_args(2, 4, 3, stride=2, padding=1,
                                                           dilation=2),
             "float32", [3, 2, 13], "stride and dilation together"))
    add(spec("Conv1d_stride3_dilation3_pad3_k2", C, conv_args(2, 2, 2, stride=3, padding=3,
                                                              dilation=3),
             "float64", [1, 2, 9], "stride 3, dilation 3, padding 3"))

    # padding='same' (zeros), odd and even effective kernels
    for k in (1, 2, 3, 4, 5):
        for d in (1, 2, 3):
            eff = d * (k - 1) + 1
            kind = "odd" if eff % 2 else "even"
            dt = "float32" if (k + d) % 2 else "float64"
            add(spec(f"Conv1d_same_k{k}_d{d}", C, conv_args(2, 3, k, padding="same", dilation=d),
                     dt, [2, 2, 9], f"padding='same', kernel {k}, dilation {d}: effective kernel "
                     f"{eff} ({kind}); total padding {d * (k - 1)}"))
    add(spec("Conv1d_same_kernel_longer_than_input", C, conv_args(2, 2, 6, padding="same"),
             "float32", [2, 2, 4], "padding='same' with kernel 6 > input length 4 (zeros)"))
    add(spec("Conv1d_same_stride_list1", C, conv_args(2, 2, 4, stride=[1], padding="same",
                                                      dilation=[1]),
             "float32", [1, 2, 7], "padding='same' with stride [1] given as a list"))
    # 'valid'
    add(spec("Conv1d_valid_k3", C, conv_args(3, 2, 3, padding="valid"), "float32", [2, 3, 8],
             "padding='valid'"))
    add(spec("Conv1d_valid_stride2", C, conv_args(3, 2, 3, stride=2, padding="valid"), "float64",
             [2, 3, 9], "padding='valid' with stride 2 (allowed, unlike 'same')"))
    add(spec("Conv1d_valid_dilation2", C, conv_args(2, 2, 3, padding="valid", dilation=2),
             "float32", [1, 2, 10], "padding='valid' with dilation 2"))
    add(spec("Conv1d_valid_exact_fit", C, conv_args(2, 3, 5, padding="valid"), "float64",
             [2, 2, 5], "padding='valid', kernel == length: output length 1"))

    # groups
    add(spec("Conv1d_groups2", C, conv_args(4, 6, 3, groups=2, padding=1), "float32", [2, 4, 8],
             "groups 2"))
    add(spec("Conv1d_groups3", C, conv_args(6, 3, 2, groups=3), "float64", [2, 6, 7],
             "groups 3, out < in"))
    add(spec("Conv1d_groups2_stride2_dilation2", C, conv_args(4, 4, 3, stride=2, dilation=2,
                                                              groups=2, padding=2),
             "float32", [2, 4, 11], "groups with stride and dilation"))
    add(spec("Conv1d_depthwise_3", C, conv_args(3, 3, 3, groups=3, padding=1), "float32",
             [2, 3, 9], "depthwise: groups == in_channels == out_channels"))
    add(spec("Conv1d_depthwise_multiplier2", C, conv_args(3, 6, 2, groups=3), "float64",
             [2, 3, 8], "depthwise, channel multiplier 2 (out = 2*in)"))
    add(spec("Conv1d_depthwise_multiplier3", C, conv_args(2, 6, 3, groups=2, padding="same"),
             "float32", [1, 2, 8], "depthwise, channel multiplier 3, padding='same'"))
    add(spec("Conv1d_depthwise_same_d2_reflect", C,
             conv_args(4, 4, 3, groups=4, padding="same", dilation=2, padding_mode="reflect"),
             "float64", [2, 4, 9], "depthwise with padding='same', dilation 2, reflect"))
    add(spec("Conv1d_groups6_k1", C, conv_args(6, 6, 1, groups=6), "float32", [1, 6, 5],
             "groups 6, kernel 1 (per-channel scale + bias)"))

    # bias off
    add(spec("Conv1d_nobias", C, conv_args(3, 4, 3, bias=False), "float32", [2, 3, 8],
             "bias=False"))
    add(spec("Conv1d_nobias_f64_pad2", C, conv_args(3, 4, 3, bias=False, padding=2), "float64",
             [2, 3, 8], "bias=False, padding 2"))
    add(spec("Conv1d_nobias_groups2_reflect", C,
             conv_args(4, 2, 3, bias=False, groups=2, padding=1, padding_mode="reflect"),
             "float32", [2, 4, 6], "bias=False, groups 2, reflect"))

    # padding modes with integer padding and with 'same'
    for pm in ("reflect", "replicate", "circular"):
        for p in (1, 2, 3):
            add(spec(f"Conv1d_{pm}_pad{p}", C, conv_args(2, 3, 3, padding=p, padding_mode=pm),
                     "float32" if p != 2 else "float64", [2, 2, 8], f"padding_mode={pm}, "
                     f"padding {p}"))
        add(spec(f"Conv1d_{pm}_same_k3", C, conv_args(2, 2, 3, padding="same", padding_mode=pm),
                 "float32", [2, 2, 7], f"padding_mode={pm}, padding='same', kernel 3"))
        add(spec(f"Conv1d_{pm}_same_k4", C, conv_args(2, 2, 4, padding="same", padding_mode=pm),
                 "float64", [2, 2, 7], f"padding_mode={pm}, padding='same', kernel 4 (even: "
                 f"left 1, right 2)"))
        add(spec(f"Conv1d_{pm}_same_k4_d3", C,
                 conv_args(2, 2, 4, padding="same", dilation=3, padding_mode=pm),
                 "float32", [1, 2, 10], f"padding_mode={pm}, padding='same', kernel 4, "
                 f"dilation 3 (total 9: left 4, right 5)"))
        add(spec(f"Conv1d_{pm}_same_k3_d2", C,
                 conv_args(2, 3, 3, padding="same", dilation=2, padding_mode=pm),
                 "float64", [2, 2, 6], f"padding_mode={pm}, padding='same', kernel 3, "
                 f"dilation 2"))
        add(spec(f"Conv1d_{pm}_stride2_pad1", C,
                 conv_args(2, 2, 3, stride=2, padding=1, padding_mode=pm),
                 "float32", [2, 2, 9], f"padding_mode={pm}, stride 2, padding 1"))
        add(spec(f"Conv1d_{pm}_valid", C, conv_args(2, 2, 3, padding="valid", padding_mode=pm),
                 "float32", [1, 2, 6], f"padding_mode={pm} with padding='valid' (no padding)"))
        add(spec(f"Conv1d_{pm}_pad0", C, conv_args(2, 2, 3, padding=0, padding_mode=pm),
                 "float64", [1, 2, 6], f"padding_mode={pm} with padding 0"))
    add(spec("Conv1d_reflect_pad_length_minus_1", C,
             conv_args(2, 2, 3, padding=5, padding_mode="reflect"), "float32", [2, 2, 6],
             "reflect: largest allowed padding (length - 1)"))
    add(spec("Conv1d_circular_pad_equals_length", C,
             conv_args(2, 2, 3, padding=6, padding_mode="circular"), "float32", [2, 2, 6],
             "circular: largest allowed padding (== length)"))
    add(spec("Conv1d_replicate_pad_exceeds_length", C,
             conv_args(2, 2, 3, padding=3, padding_mode="replicate"), "float64", [2, 2, 2],
             "replicate: padding larger than the input length is allowed"))
    add(spec("Conv1d_zeros_pad_exceeds_length", C, conv_args(2, 2, 2, padding=3), "float32",
             [1, 2, 2], "zeros: padding larger than the input length"))
    add(spec("Conv1d_zeros_same_k4_d3", C, conv_args(2, 2, 4, padding="same", dilation=3),
             "float64", [2, 2, 10], "zeros, padding='same', even total padding 9"))

    # batch 0
    add(spec("Conv1d_batch0", C, conv_args(3, 2, 3), "float32", [0, 3, 8],
             "empty batch (backward works: zero grad_weight / grad_bias)"))
    add(spec("Conv1d_batch0_f64_same", C, conv_args(3, 2, 4, padding="same"), "float64",
             [0, 3, 8], "empty batch, padding='same', even kernel"))
    for pm in ("reflect", "replicate", "circular"):
        add(spec(f"Conv1d_batch0_{pm}", C, conv_args(2, 4, 3, padding=2, padding_mode=pm),
                 "float32", [0, 2, 6], f"empty batch with padding_mode={pm}"))
    add(spec("Conv1d_batch0_groups2_stride2", C, conv_args(4, 2, 3, stride=2, groups=2),
             "float64", [0, 4, 9], "empty batch with groups and stride"))

    # unbatched
    add(spec("Conv1d_unbatched", C, conv_args(3, 2, 3), "float32", [3, 8], "unbatched input [C, L]"))
    add(spec("Conv1d_unbatched_same_f64", C, conv_args(2, 3, 4, padding="same", dilation=1),
             "float64", [2, 9], "unbatched, padding='same', even kernel"))
    add(spec("Conv1d_unbatched_reflect", C, conv_args(2, 2, 3, padding=2, padding_mode="reflect"),
             "float32", [2, 7], "unbatched, reflect"))
    add(spec("Conv1d_unbatched_replicate_stride2", C,
             conv_args(2, 2, 3, stride=2, padding=1, padding_mode="replicate"),
             "float64", [2, 7], "unbatched, replicate, stride 2"))
    add(spec("Conv1d_unbatched_groups2_dilation2", C, conv_args(4, 4, 2, groups=2, dilation=2),
             "float32", [4, 9], "unbatched, groups 2, dilation 2"))
    add(spec("Conv1d_unbatched_nobias", C, conv_args(1, 1, 2, bias=False), "float64", [1, 5],
             "unbatched, bias=False"))

    # length-1 input
    add(spec("Conv1d_length1_k1", C, conv_args(2, 3, 1), "float32", [2, 2, 1], "length 1, kernel 1"))
    add(spec("Conv1d_length1_k3_pad1", C, conv_args(2, 2, 3, padding=1), "float64", [2, 2, 1],
             "length 1, kernel 3, padding 1"))
    add(spec("Conv1d_length1_same_k3", C, conv_args(2, 2, 3, padding="same"), "float32",
             [1, 2, 1], "length 1, padding='same'"))
    add(spec("Conv1d_length1_replicate_pad2", C,
             conv_args(2, 2, 3, padding=2, padding_mode="replicate"),
             "float64", [2, 2, 1], "length 1, replicate padding 2"))
    add(spec("Conv1d_length1_circular_pad1", C,
             conv_args(2, 2, 3, padding=1, padding_mode="circular"),
             "float32", [2, 2, 1], "length 1, circular padding 1 (== length)"))
    add(spec("Conv1d_length1_reflect_pad0", C,
             conv_args(2, 2, 1, padding=0, padding_mode="reflect"),
             "float32", [2, 2, 1], "length 1, reflect with padding 0"))
    add(spec("Conv1d_length1_stride3", C, conv_args(1, 2, 1, stride=3), "float64", [3, 1, 1],
             "length 1, stride 3"))
    add(spec("Conv1d_length1_unbatched", C, conv_args(3, 2, 1), "float32", [3, 1],
             "unbatched, length 1"))

    # kernel 1
    add(spec("Conv1d_k1", C, conv_args(4, 3, 1), "float32", [2, 4, 6], "kernel 1 (pointwise)"))
    add(spec("Conv1d_k1_stride2", C, conv_args(3, 3, 1, stride=2), "float64", [2, 3, 7],
             "kernel 1, stride 2"))
    add(spec("Conv1d_k1_dilation3_pad1", C, conv_args(2, 2, 1, dilation=3, padding=1), "float32",
             [1, 2, 5], "kernel 1 with dilation 3 (no effect), padding 1"))
    add(spec("Conv1d_k1_same_circular", C, conv_args(2, 2, 1, padding="same",
                                                     padding_mode="circular"),
             "float64", [2, 2, 5], "kernel 1, padding='same' (no padding), circular"))

    # stride larger than kernel / input
    add(spec("Conv1d_stride3_k1_skips", C, conv_args(2, 2, 1, stride=3), "float32", [2, 2, 10],
             "stride > kernel: input positions skipped"))
    add(spec("Conv1d_stride3_short_input", C, conv_args(2, 2, 2, stride=3), "float64", [1, 2, 4],
             "stride 3 on length 4: output length 1"))
    add(spec("Conv1d_stride_leaves_tail", C, conv_args(2, 2, 3, stride=2), "float32", [2, 2, 8],
             "stride 2, the last input element is never read"))

    # one-element lists, as PyTorch accepts them
    add(spec("Conv1d_list_args", C, conv_args(2, 3, [3], stride=[2], padding=[1], dilation=[1]),
             "float32", [2, 2, 9], "kernel_size/stride/padding/dilation as one-element lists"))
    add(spec("Conv1d_list_args_f64_dilation", C,
             conv_args(2, 2, [2], stride=[1], padding=[2], dilation=[3]),
             "float64", [2, 2, 7], "lists, dilation [3]"))
    add(spec("Conv1d_list_args_reflect", C,
             conv_args(2, 2, [3], stride=[1], padding=[2], dilation=[1], padding_mode="reflect"),
             "float32", [1, 2, 6], "lists with reflect padding [2]"))
    add(spec("Conv1d_list_args_same_dilation", C,
             conv_args(2, 2, [4], stride=[1], padding="same", dilation=[2],
                       padding_mode="circular"),
             "float64", [2, 2, 8], "lists with padding='same', circular"))

    # keys left out: PyTorch's defaults
    add(spec("Conv1d_defaults_only_required", C,
             {"in_channels": 2, "out_channels": 3, "kernel_size": 3},
             "float32", [2, 2, 7], "only the required arguments; the rest take PyTorch's defaults"))
    add(spec("Conv1d_defaults_some_keys", C,
             {"in_channels": 4, "out_channels": 2, "kernel_size": 2, "groups": 2, "padding": 1},
             "float64", [1, 4, 5], "some keys left out"))

    # float32 / float64 duplicates of a few configurations
    for dt in DTYPES:
        add(spec(f"Conv1d_mixed_{dt}", C,
                 conv_args(4, 6, 3, stride=2, padding=2, dilation=2, groups=2,
                           padding_mode="reflect"),
                 dt, [3, 4, 12], f"same configuration in {dt}"))
        add(spec(f"Conv1d_large_{dt}", C, conv_args(6, 6, 5, padding=2), dt, [2, 6, 16],
                 f"largest tensors of the group, {dt}"))

    # deterministic random sweep of valid combinations
    out.extend(conv1d_sweep(120))
    return out


def conv1d_sweep(n):
    rng = random.Random(13)
    specs = []
    i = 0
    attempts = 0
    while len(specs) < n:
        attempts += 1
        assert attempts < 100 * n
        g = rng.choice([1, 1, 1, 2, 3])
        cin = g * rng.choice([1, 2] if g > 1 else [1, 2, 3, 4])
        cout = g * rng.choice([1, 2] if g > 1 else [1, 2, 3, 4])
        k = rng.randint(1, 5)
        stride = rng.randint(1, 3)
        dilation = rng.randint(1, 3)
        pm = rng.choice(["zeros", "zeros", "reflect", "replicate", "circular"])
        r = rng.random()
        if r < 0.15 and stride == 1:
            padding = "same"
        elif r < 0.25:
            padding = "valid"
        else:
            padding = rng.randint(0, 3)
        bias = rng.random() < 0.75
        batch = rng.choice([None, 1, 2, 2, 3])
        length = rng.randint(1, 12)
        dtype = rng.choice(DTYPES)
        lists = rng.random() < 0.1
        if lists:
            args = conv_args(cin, cout, [k], [stride],
                             padding if isinstance(padding, str) else [padding], [dilation],
                             g, bias, pm)
        else:
            args = conv_args(cin, cout, k, stride, padding, dilation, g, bias, pm)
        shape = [cin, length] if batch is None else [batch, cin, length]
        if pm == "circular" and batch is None:
            continue  # PyTorch 1.13 refuses this, 2.7.1 accepts it (see conv1d_divergence_specs)
        if not _runs(nn.Conv1d, args, dtype, shape):
            continue
        specs.append(spec(f"Conv1d_sweep_{i:03d}", "Conv1d", args, dtype, shape,
                          f"random sweep (random.Random(13)), case {i}"))
        i += 1
    return specs


def _runs(cls, args, dtype, shape):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = cls(**args, dtype=getattr(torch, dtype))
            m(torch.zeros(shape, dtype=getattr(torch, dtype)))
        return True
    except Exception:
        return False


def conv1d_nonfinite_specs():
    C = "Conv1d"
    nan, inf = float("nan"), float("inf")
    out = []
    add = out.append

    def nf(name, args, dtype, shape, note, **mods):
        add(spec(name, C, args, dtype, shape, note, grads=False, nonfinite=mods))

    nf("Conv1d_nonfinite_nan_input_f32", conv_args(2, 2, 3, padding=1), "float32", [1, 2, 8],
       "nan in the input", input={3: nan})
    nf("Conv1d_nonfinite_nan_input_f64", conv_args(2, 3, 3, padding=1), "float64", [2, 2, 8],
       "nan in the input (one per batch element)", input={0: nan, 20: nan})
    nf("Conv1d_nonfinite_inf_input_f32", conv_args(2, 2, 3), "float32", [1, 2, 8],
       "+inf in the input", input={4: inf})
    nf("Conv1d_nonfinite_neginf_input_f64", conv_args(2, 2, 2, stride=2), "float64", [1, 2, 8],
       "-inf in the input, stride 2 (one window skips it)", input={9: -inf})
    nf("Conv1d_nonfinite_inf_minus_inf_f32", conv_args(1, 1, 2, bias=False), "float32",
       [1, 1, 6], "+inf and -inf in one window: inf - inf = nan", input={2: inf, 3: -inf})
    nf("Conv1d_nonfinite_inf_times_zero_weight_f64", conv_args(1, 1, 3), "float64", [1, 1, 6],
       "inf in the input meets a weight of exactly 0 in some windows: 0 * inf = nan",
       input={2: inf}, weight={1: 0.0})
    nf("Conv1d_nonfinite_all_kinds_f32", conv_args(2, 2, 3, padding="same"), "float32",
       [2, 2, 7], "nan, inf and -inf in different channels and batch elements",
       input={1: nan, 9: inf, 16: -inf, 25: inf})
    nf("Conv1d_nonfinite_nan_weight_f32", conv_args(2, 3, 3), "float32", [2, 2, 6],
       "nan in the weight (one output channel all nan)", weight={0: nan})
    nf("Conv1d_nonfinite_inf_weight_f64", conv_args(2, 2, 2, groups=2), "float64", [1, 2, 5],
       "inf in a depthwise weight", weight={2: inf})
    nf("Conv1d_nonfinite_neginf_bias_f32", conv_args(2, 2, 3), "float32", [1, 2, 5],
       "-inf in the bias", bias={1: -inf})
    nf("Conv1d_nonfinite_reflect_inf_edge_f64",
       conv_args(1, 2, 3, padding=2, padding_mode="reflect"), "float64", [1, 1, 6],
       "inf next to the edge is reflected into the padding", input={1: inf})
    nf("Conv1d_nonfinite_circular_nan_f32",
       conv_args(1, 1, 3, padding=1, padding_mode="circular"), "float32", [1, 1, 6],
       "nan at the end wraps around to the start", input={5: nan})
    nf("Conv1d_nonfinite_groups_nan_isolated_f32", conv_args(4, 4, 3, groups=2, padding=1),
       "float32", [1, 4, 6], "nan in group 0 does not reach group 1's outputs", input={2: nan})
    nf("Conv1d_nonfinite_unbatched_inf_f64", conv_args(2, 2, 3, dilation=2), "float64", [2, 9],
       "unbatched, dilated, inf in the input", input={6: inf})
    # Numeric edges beyond nan/inf: signed zeros, subnormals, float32 overflow.
    nz = {i: -0.0 for i in range(6)}
    nf("Conv1d_edge_negative_zero_input_f32", conv_args(1, 1, 2, bias=False), "float32",
       [1, 1, 6], "every input is -0.0 and the weights are positive: the sign of the zero",
       input=nz, weight={0: 0.5, 1: 0.25})
    nf("Conv1d_edge_negative_zero_input_f64", conv_args(1, 1, 2, bias=False), "float64",
       [1, 1, 6], "every input is -0.0 and the weights are positive: the sign of the zero",
       input=nz, weight={0: 0.5, 1: 0.25})
    sub = {i: (i + 1) * 1e-40 for i in range(8)}
    nf("Conv1d_edge_subnormal_input_f32", conv_args(1, 1, 2, bias=False), "float32", [1, 1, 8],
       "float32 subnormal inputs (1e-40 .. 8e-40) times weights 0.5 and 0.25 stay subnormal",
       input=sub, weight={0: 0.5, 1: 0.25})
    sub64 = {i: (i + 1) * 1e-310 for i in range(8)}
    nf("Conv1d_edge_subnormal_input_f64", conv_args(1, 1, 2, bias=False), "float64", [1, 1, 8],
       "float64 subnormal inputs (1e-310 .. 8e-310) times weights 0.5 and 0.25",
       input=sub64, weight={0: 0.5, 1: 0.25})
    big = {i: 3e38 for i in range(4)}
    nf("Conv1d_edge_float32_overflow_to_inf", conv_args(1, 1, 2, bias=False), "float32",
       [1, 1, 4], "3e38 * 2 + 3e38 * 2 overflows float32 to inf", input=big,
       weight={0: 2.0, 1: 2.0})
    nf("Conv1d_edge_float32_overflow_to_neg_inf", conv_args(1, 1, 2, bias=False), "float32",
       [1, 1, 4], "3e38 * -2 + 3e38 * -2 overflows float32 to -inf", input=big,
       weight={0: -2.0, 1: -2.0})
    return out


def conv1d_error_specs():
    C = "Conv1d"
    out = []

    def err(name, args, shape, note, expect, dtype="float32"):
        out.append(spec(name, C, args, dtype, shape, note, grads=False, expect=expect))

    a = conv_args
    # construction
    err("Conv1d_err_in_channels_not_divisible_by_groups", a(3, 6, 3, groups=2), [2, 3, 8],
        "in_channels 3 not divisible by groups 2", "construct")
    err("Conv1d_err_out_channels_not_divisible_by_groups", a(4, 6, 3, groups=4), [2, 4, 8],
        "out_channels 6 not divisible by groups 4", "construct")
    err("Conv1d_err_groups_zero", a(4, 4, 3, groups=0), [2, 4, 8], "groups 0", "construct")
    err("Conv1d_err_groups_negative", a(4, 4, 3, groups=-2), [2, 4, 8], "groups -2", "construct")
    err("Conv1d_err_kernel_size_negative", a(4, 4, -1), [2, 4, 8], "kernel_size -1", "construct")
    err("Conv1d_err_in_channels_negative", a(-1, 4, 3), [2, 1, 8], "in_channels -1", "construct")
    err("Conv1d_err_out_channels_negative", a(4, -1, 3), [2, 4, 8], "out_channels -1",
        "construct")
    err("Conv1d_err_same_stride2", a(4, 4, 3, stride=2, padding="same"), [2, 4, 8],
        "padding='same' with stride 2", "construct")
    err("Conv1d_err_same_stride_list3", a(4, 4, [3], stride=[3], padding="same", dilation=[1]),
        [2, 4, 8], "padding='same' with stride [3]", "construct")
    err("Conv1d_err_padding_string_full", a(4, 4, 3, padding="full"), [2, 4, 8],
        "padding='full' is not a padding PyTorch knows", "construct")
    err("Conv1d_err_padding_string_uppercase", a(4, 4, 3, padding="SAME"), [2, 4, 8],
        "padding strings are case-sensitive", "construct")
    err("Conv1d_err_padding_mode_constant", a(4, 4, 3, padding=1, padding_mode="constant"),
        [2, 4, 8], "padding_mode 'constant' (an F.pad mode, not a Conv1d one)", "construct")
    err("Conv1d_err_padding_mode_uppercase", a(4, 4, 3, padding=1, padding_mode="REFLECT"),
        [2, 4, 8], "padding_mode is case-sensitive", "construct")
    # forward
    err("Conv1d_err_kernel_size_zero_f32", a(4, 4, 0), [2, 4, 8],
        "kernel_size 0: constructed (zero-element weight), refused at forward", "forward")
    err("Conv1d_err_kernel_size_zero_f64", a(4, 4, 0), [2, 4, 8],
        "kernel_size 0 in float64: a different message than float32", "forward",
        dtype="float64")
    err("Conv1d_err_kernel_size_zero_unbatched", a(4, 4, 0), [4, 8],
        "kernel_size 0, unbatched input", "forward")
    err("Conv1d_err_kernel_size_zero_batch0", a(4, 4, 0), [0, 4, 8],
        "kernel_size 0, empty batch: an IndexError", "forward")
    err("Conv1d_err_kernel_size_zero_same", a(4, 4, 0, padding="same"), [2, 4, 8],
        "kernel_size 0 with padding='same': total padding -1", "forward")
    err("Conv1d_err_out_channels_zero", a(4, 0, 3), [2, 4, 8],
        "out_channels 0: constructed, refused at forward", "forward")
    err("Conv1d_err_stride_zero", a(4, 4, 3, stride=0), [2, 4, 8], "stride 0", "forward")
    err("Conv1d_err_stride_negative", a(4, 4, 3, stride=-1), [2, 4, 8], "stride -1", "forward")
    # (the note names the former "conv1d_quirks" group, now conv1d_negative_padding; left as it
    # is so that the committed file stays byte-identical)
    err("Conv1d_err_padding_negative", a(4, 4, 3, padding=-1), [2, 4, 8],
        "negative padding with padding_mode='zeros' (other modes crop: see conv1d_quirks)",
        "forward")
    err("Conv1d_err_dilation_zero", a(4, 4, 3, dilation=0), [2, 4, 8], "dilation 0", "forward")
    err("Conv1d_err_dilation_negative", a(4, 4, 3, dilation=-2), [2, 4, 8], "dilation -2",
        "forward")
    err("Conv1d_err_reflect_padding_equals_length", a(4, 4, 3, padding=8, padding_mode="reflect"),
        [2, 4, 8], "reflect padding 8 == input length 8", "forward")
    err("Conv1d_err_reflect_padding_exceeds_length",
        a(2, 2, 3, padding=5, padding_mode="reflect"), [1, 2, 3],
        "reflect padding 5 > input length 3", "forward", dtype="float64")
    err("Conv1d_err_reflect_length1_pad1", a(2, 2, 3, padding=1, padding_mode="reflect"),
        [2, 2, 1], "reflect padding 1 on a length-1 input", "forward")
    err("Conv1d_err_reflect_same_kernel_too_big",
        a(4, 4, 17, padding="same", padding_mode="reflect"), [2, 4, 8],
        "reflect with padding='same' whose padding (8 each side) reaches the length", "forward")
    err("Conv1d_err_reflect_same_length1", a(2, 2, 3, padding="same", padding_mode="reflect"),
        [2, 2, 1], "reflect with padding='same' on a length-1 input", "forward")
    err("Conv1d_err_circular_padding_exceeds_length",
        a(4, 4, 3, padding=9, padding_mode="circular"), [2, 4, 8],
        "circular padding 9 > input length 8", "forward")
    err("Conv1d_err_circular_same_too_big",
        a(2, 2, 5, padding="same", dilation=3, padding_mode="circular"), [1, 2, 5],
        "circular with padding='same' (6 each side) > length 5", "forward")
    err("Conv1d_err_channel_mismatch", a(3, 4, 3), [2, 4, 8], "input has 4 channels, module 3",
        "forward")
    err("Conv1d_err_channel_mismatch_unbatched", a(3, 4, 3), [2, 8],
        "unbatched input with 2 channels, module 3", "forward", dtype="float64")
    err("Conv1d_err_channel_mismatch_groups", a(4, 4, 3, groups=2), [2, 2, 8],
        "groups 2: input has 2 channels, module 4", "forward")
    err("Conv1d_err_channel_mismatch_batch0", a(3, 4, 3), [0, 4, 8],
        "empty batch still checks channels", "forward")
    err("Conv1d_err_channel_mismatch_reflect", a(3, 4, 3, padding=1, padding_mode="reflect"),
        [2, 4, 8], "channel mismatch after reflect padding (message shows the padded length)",
        "forward")
    err("Conv1d_err_input_rank1", a(4, 4, 3), [8], "rank-1 input", "forward")
    err("Conv1d_err_input_rank4", a(4, 4, 3), [1, 2, 4, 8], "rank-4 input", "forward")
    err("Conv1d_err_input_rank1_reflect", a(4, 4, 3, padding=1, padding_mode="reflect"), [8],
        "rank-1 input with reflect padding: F.pad refuses first (NotImplementedError)", "forward")
    err("Conv1d_err_input_rank4_circular", a(4, 4, 3, padding=1, padding_mode="circular"),
        [1, 2, 4, 8], "rank-4 input with circular padding: F.pad refuses first", "forward")
    err("Conv1d_err_input_too_short", a(4, 4, 9), [2, 4, 8], "kernel 9 > input length 8",
        "forward")
    err("Conv1d_err_input_too_short_dilated", a(2, 2, 3, dilation=3, padding=1), [1, 2, 4],
        "effective kernel 7 > padded length 6", "forward", dtype="float64")
    err("Conv1d_err_input_too_short_valid", a(2, 2, 4, padding="valid"), [1, 2, 3],
        "padding='valid' with kernel 4 > length 3", "forward")
    err("Conv1d_err_input_length0", a(2, 2, 1), [2, 2, 0], "length-0 input", "forward")
    err("Conv1d_err_input_length0_replicate", a(2, 2, 1, padding=1, padding_mode="replicate"),
        [2, 2, 0], "length-0 input with replicate padding", "forward")
    return out


def conv1d_negative_padding_specs():
    # the names keep their historical "quirk" prefix: the per-case seed is derived from the name
    C = "Conv1d"
    out = []
    for pm, p, k, L in (("reflect", -1, 3, 8), ("replicate", -2, 1, 8), ("circular", -1, 2, 7)):
        out.append(spec(f"Conv1d_quirk_negative_padding_{pm}", C,
                        conv_args(2, 2, k, padding=p, padding_mode=pm), "float32", [2, 2, L],
                        f"PyTorch 1.13 accepts negative padding {p} with padding_mode={pm}: "
                        f"F.pad crops {-p} element(s) at each end, then the convolution runs "
                        f"unpadded (padding_mode='zeros' refuses negative padding)"))
    out.append(spec("Conv1d_quirk_negative_padding_reflect_f64", C,
                    conv_args(2, 3, 2, stride=2, padding=-1, padding_mode="reflect"), "float64",
                    [1, 2, 9], "negative padding -1 with reflect, stride 2"))
    return out


def conv1d_divergence_specs():
    # PyTorch 1.13's Python _pad_circular refuses unbatched input; libtorch 2.7.1's C++
    # _pad_circular_symint (aten/src/ATen/native/PadNd.cpp) accepts 1 or 2 non-padded leading dims
    C = "Conv1d"
    out = []
    for pm, p in (("circular", 1), ("circular", 0), ("circular", "same")):
        out.append(spec(f"Conv1d_quirk_circular_unbatched_pad{p}", C,
                        conv_args(2, 2, 3, padding=p, padding_mode="circular"), "float32",
                        [2, 8], f"PyTorch 1.13 refuses an unbatched [C, L] input with "
                        f"padding_mode='circular' (padding {p!r}); reflect and replicate "
                        f"accept unbatched input", grads=False, expect="forward"))
    return out


def conv_transpose1d_specs():
    T = "ConvTranspose1d"
    a = convt_args
    out = []
    add = out.append
    add(spec("ConvTranspose1d_basic", T, a(2, 3, 3), "float32", [2, 2, 6], "defaults"))
    for s in (1, 2, 3):
        for p in (0, 1, 2):
            add(spec(f"ConvTranspose1d_stride{s}_pad{p}", T, a(2, 2, 3, stride=s, padding=p),
                     "float64" if (s + p) % 2 else "float32", [2, 2, 5], f"stride {s}, padding {p}"))
    add(spec("ConvTranspose1d_pad3_k4", T, a(2, 2, 4, stride=2, padding=3), "float32", [1, 2, 6],
             "padding 3 crops 3 from each end"))
    add(spec("ConvTranspose1d_pad_exceeds_kernel", T, a(2, 2, 2, stride=3, padding=3), "float64",
             [1, 2, 4], "padding 3 > kernel - 1 (allowed while the output length is >= 1)"))
    add(spec("ConvTranspose1d_stride2_outpad1", T, a(2, 2, 3, stride=2, padding=1,
                                                      output_padding=1),
             "float32", [2, 2, 5], "output_padding 1 < stride 2"))
    add(spec("ConvTranspose1d_stride3_outpad2", T, a(2, 3, 2, stride=3, output_padding=2),
             "float64", [1, 2, 4], "output_padding 2 < stride 3"))
    add(spec("ConvTranspose1d_dilation3_outpad2", T, a(2, 2, 2, stride=1, dilation=3,
                                                        output_padding=2),
             "float32", [2, 2, 4], "output_padding 2 >= stride 1 but < dilation 3 (allowed)"))
    add(spec("ConvTranspose1d_stride2_dilation3_outpad2", T,
             a(2, 2, 3, stride=2, dilation=3, output_padding=2, padding=1),
             "float64", [1, 2, 5], "output_padding 2 >= stride 2 but < dilation 3"))
    for d in (2, 3):
        add(spec(f"ConvTranspose1d_dilation{d}", T, a(2, 3, 3, dilation=d, padding=1), "float32",
                 [2, 2, 5], f"dilation {d}"))
    add(spec("ConvTranspose1d_groups2", T, a(4, 6, 3, groups=2, stride=2), "float32", [2, 4, 5],
             "groups 2"))
    add(spec("ConvTranspose1d_groups3_f64", T, a(6, 3, 2, groups=3, padding=1), "float64",
             [1, 6, 4], "groups 3, out < in"))
    add(spec("ConvTranspose1d_depthwise", T, a(3, 3, 3, groups=3), "float32", [2, 3, 4],
             "depthwise: groups == in == out"))
    add(spec("ConvTranspose1d_depthwise_multiplier2", T, a(2, 4, 3, groups=2, stride=2,
                                                            output_padding=1),
             "float64", [2, 2, 4], "depthwise, multiplier 2"))
    add(spec("ConvTranspose1d_nobias", T, a(3, 2, 3, bias=False), "float32", [2, 3, 4],
             "bias=False"))
    add(spec("ConvTranspose1d_nobias_groups2_f64", T, a(4, 4, 2, groups=2, bias=False, stride=2),
             "float64", [1, 4, 4], "bias=False, groups 2"))
    add(spec("ConvTranspose1d_unbatched", T, a(2, 3, 3, stride=2), "float32", [2, 5],
             "unbatched input"))
    add(spec("ConvTranspose1d_unbatched_f64_outpad", T, a(2, 2, 3, stride=3, padding=1,
                                                           output_padding=2),
             "float64", [2, 4], "unbatched, output_padding"))
    add(spec("ConvTranspose1d_batch0", T, a(2, 3, 3), "float32", [0, 2, 5],
             "empty batch (backward works)"))
    add(spec("ConvTranspose1d_batch0_stride2_f64", T, a(2, 2, 3, stride=2, output_padding=1),
             "float64", [0, 2, 4], "empty batch, stride 2"))
    add(spec("ConvTranspose1d_length1", T, a(2, 2, 3), "float32", [2, 2, 1], "length-1 input"))
    add(spec("ConvTranspose1d_length1_stride3_outpad", T, a(2, 2, 2, stride=3, output_padding=1),
             "float64", [1, 2, 1], "length-1 input, stride 3: stride only matters via "
             "output_padding"))
    add(spec("ConvTranspose1d_length1_pad_to_output1", T, a(2, 2, 3, padding=1), "float32",
             [1, 2, 1], "length-1 input, padding 1: output length 1"))
    add(spec("ConvTranspose1d_k1", T, a(3, 2, 1), "float32", [2, 3, 5], "kernel 1"))
    add(spec("ConvTranspose1d_k1_stride3", T, a(2, 2, 1, stride=3), "float64", [2, 2, 4],
             "kernel 1, stride 3: zeros (bias only) between inputs"))
    add(spec("ConvTranspose1d_list_args", T,
             a(2, 2, [3], stride=[2], padding=[1], output_padding=[1], dilation=[1]),
             "float32", [2, 2, 5], "one-element lists"))
    add(spec("ConvTranspose1d_list_args_f64", T,
             a(2, 3, [2], stride=[1], padding=[0], output_padding=[1], dilation=[2]),
             "float64", [1, 2, 4], "one-element lists, dilation [2], output_padding [1]"))
    add(spec("ConvTranspose1d_defaults_only_required", T,
             {"in_channels": 2, "out_channels": 2, "kernel_size": 4}, "float32", [2, 2, 5],
             "only the required arguments"))
    for dt in DTYPES:
        add(spec(f"ConvTranspose1d_large_{dt}", T, a(6, 4, 5, stride=2, padding=2,
                                                      output_padding=1, groups=2),
                 dt, [2, 6, 8], f"largest tensors of the group, {dt}"))
    out.extend(conv_transpose1d_sweep(50))
    return out


def conv_transpose1d_sweep(n):
    rng = random.Random(29)
    specs = []
    i = 0
    attempts = 0
    while len(specs) < n:
        attempts += 1
        assert attempts < 100 * n
        g = rng.choice([1, 1, 2, 3])
        cin = g * rng.choice([1, 2] if g > 1 else [1, 2, 3, 4])
        cout = g * rng.choice([1, 2] if g > 1 else [1, 2, 3, 4])
        k = rng.randint(1, 4)
        stride = rng.randint(1, 3)
        dilation = rng.randint(1, 3)
        padding = rng.randint(0, 3)
        output_padding = rng.randint(0, max(stride, dilation) - 1)
        bias = rng.random() < 0.75
        batch = rng.choice([None, 1, 2, 2, 3])
        length = rng.randint(1, 7)
        dtype = rng.choice(DTYPES)
        args = convt_args(cin, cout, k, stride, padding, output_padding, g, bias, dilation)
        if rng.random() < 0.1:
            args.update(kernel_size=[k], stride=[stride], padding=[padding],
                        output_padding=[output_padding], dilation=[dilation])
        shape = [cin, length] if batch is None else [batch, cin, length]
        lout = (length - 1) * stride - 2 * padding + dilation * (k - 1) + output_padding + 1
        if lout > 16 or not _runs(nn.ConvTranspose1d, args, dtype, shape):
            continue
        specs.append(spec(f"ConvTranspose1d_sweep_{i:03d}", "ConvTranspose1d", args, dtype,
                          shape, f"random sweep (random.Random(29)), case {i}"))
        i += 1
    return specs


def conv_transpose1d_error_specs():
    T = "ConvTranspose1d"
    a = convt_args
    out = []

    def err(name, args, shape, note, expect, dtype="float32"):
        out.append(spec(name, T, args, dtype, shape, note, grads=False, expect=expect))

    err("ConvTranspose1d_err_output_padding_ge_stride_and_dilation",
        a(2, 2, 3, stride=2, output_padding=2), [2, 2, 5],
        "output_padding 2 >= stride 2 and >= dilation 1", "forward")
    err("ConvTranspose1d_err_output_padding_ge_stride_and_dilation_f64",
        a(2, 2, 3, stride=1, dilation=1, output_padding=1), [1, 2, 5],
        "output_padding 1 with stride 1, dilation 1", "forward", dtype="float64")
    err("ConvTranspose1d_err_padding_mode_reflect", a(2, 2, 3, padding_mode="reflect"),
        [2, 2, 5], "only 'zeros' is supported", "construct")
    err("ConvTranspose1d_err_padding_mode_circular", a(2, 2, 3, padding_mode="circular"),
        [2, 2, 5], "only 'zeros' is supported", "construct")
    err("ConvTranspose1d_err_padding_mode_replicate", a(2, 2, 3, padding_mode="replicate"),
        [2, 2, 5], "only 'zeros' is supported", "construct")
    err("ConvTranspose1d_err_padding_mode_invalid", a(2, 2, 3, padding_mode="foo"),
        [2, 2, 5], "an unknown padding_mode gets the same message as reflect", "construct")
    err("ConvTranspose1d_err_channel_mismatch", a(3, 2, 3), [2, 2, 5],
        "input has 2 channels, module 3", "forward")
    err("ConvTranspose1d_err_channel_mismatch_unbatched", a(3, 2, 3), [4, 5],
        "unbatched input with 4 channels, module 3", "forward")
    err("ConvTranspose1d_err_out_channels_not_divisible_by_groups", a(4, 6, 3, groups=4),
        [2, 4, 5], "out_channels 6, groups 4", "construct")
    err("ConvTranspose1d_err_in_channels_not_divisible_by_groups", a(3, 6, 3, groups=2),
        [2, 3, 5], "in_channels 3, groups 2", "construct")
    err("ConvTranspose1d_err_groups_zero", a(2, 2, 3, groups=0), [2, 2, 5], "groups 0",
        "construct")
    err("ConvTranspose1d_err_output_length_zero", a(2, 2, 3, padding=5), [2, 2, 8],
        "output length (8-1)*1 - 10 + 2 + 1 = 0", "forward")
    err("ConvTranspose1d_err_output_length_negative", a(2, 2, 3, padding=5), [2, 2, 1],
        "output length -7", "forward")
    err("ConvTranspose1d_err_output_length_negative_batch0", a(2, 2, 1, padding=1), [0, 2, 1],
        "output length -1 with an empty batch: a different message", "forward")
    err("ConvTranspose1d_err_padding_same", a(2, 2, 3, padding="same"), [2, 2, 5],
        "padding='same': PyTorch 1.13 constructs the module (padding becomes the characters of "
        "the string) and refuses at forward with a TypeError", "forward")
    err("ConvTranspose1d_err_padding_valid", a(2, 2, 3, padding="valid"), [2, 2, 5],
        "padding='valid': as for 'same'", "forward")
    err("ConvTranspose1d_err_stride_zero", a(2, 2, 3, stride=0), [2, 2, 5], "stride 0",
        "forward")
    err("ConvTranspose1d_err_dilation_zero", a(2, 2, 3, dilation=0), [2, 2, 5], "dilation 0",
        "forward")
    err("ConvTranspose1d_err_padding_negative", a(2, 2, 3, padding=-1), [2, 2, 5],
        "padding -1", "forward")
    err("ConvTranspose1d_err_output_padding_negative", a(2, 2, 3, output_padding=-1), [2, 2, 5],
        "output_padding -1", "forward")
    err("ConvTranspose1d_err_kernel_size_zero", a(2, 2, 0), [2, 2, 5], "kernel_size 0",
        "forward")
    err("ConvTranspose1d_err_kernel_size_negative", a(2, 2, -2), [2, 2, 5], "kernel_size -2",
        "construct")
    err("ConvTranspose1d_err_input_rank1", a(2, 2, 3), [5], "rank-1 input", "forward")
    err("ConvTranspose1d_err_input_rank4", a(2, 2, 3), [1, 1, 2, 5], "rank-4 input", "forward")
    err("ConvTranspose1d_err_input_length0", a(2, 2, 3), [2, 2, 0], "length-0 input", "forward")
    return out


def init_specs():
    out = []
    configs = [
        ("Conv1d", conv_args(2, 3, 3), "float32", [0, 1, 42]),
        ("Conv1d", conv_args(2, 3, 3), "float64", [0, 1234]),
        ("Conv1d", conv_args(4, 6, 5, bias=False), "float32", [7]),
        ("Conv1d", conv_args(4, 6, 3, groups=2), "float32", [3, 2024]),
        ("Conv1d", conv_args(6, 6, 4, groups=6, padding="same", padding_mode="reflect"),
         "float64", [5]),
        ("Conv1d", conv_args(1, 1, 2), "float32", [0]),
        ("Conv1d", conv_args(3, 2, [3], stride=[2], padding=[1], dilation=[2]), "float32", [11]),
        ("Conv1d", conv_args(5, 4, 1, bias=False), "float64", [99]),
        ("ConvTranspose1d", convt_args(2, 3, 3), "float32", [0, 42]),
        ("ConvTranspose1d", convt_args(2, 3, 3), "float64", [0]),
        ("ConvTranspose1d", convt_args(3, 4, 4, bias=False, stride=2), "float32", [8]),
        ("ConvTranspose1d", convt_args(4, 6, 3, groups=2), "float32", [3]),
        ("ConvTranspose1d", convt_args(6, 3, 2, groups=3, bias=False), "float64", [17]),
        ("ConvTranspose1d", convt_args(3, 6, 5, groups=3, dilation=2), "float64", [2024]),
        ("ConvTranspose1d", convt_args(1, 1, 2), "float32", [1]),
    ]
    names = set()
    for module, args, dtype, seeds in configs:
        for seed in seeds:
            base = (f"{module}_init_in{_scalar(args['in_channels'])}"
                    f"_out{_scalar(args['out_channels'])}_k{_scalar(args['kernel_size'])}"
                    f"_g{args['groups']}{'' if args['bias'] else '_nobias'}_{dtype}_seed{seed}")
            assert base not in names, base
            names.add(base)
            out.append(spec(base, module, args, dtype, None,
                            f"initialisation: torch.manual_seed({seed}); nn.{module}(**args, "
                            f"dtype=torch.{dtype}) (dtype passed as the keyword, the default dtype "
                            f"left at float32)", grads=False, init_seed=seed))
    return out


def _scalar(v):
    return v[0] if isinstance(v, list) else v


def notebook_specs():
    nb = ("replay of shared/seeds/000_8f197d969a179776.txt: weight filled with 1 and bias set "
          "to 0 (done under torch.no_grad(): PyTorch 1.13 refuses the notebook's in-place "
          "`conv.weight[0] = 1` on a parameter that requires grad), grad_output all ones "
          "(as y.sum().backward())")
    out = [
        spec("notebook_single_conv", "Conv1d",
             {"in_channels": 1, "out_channels": 1, "kernel_size": 2}, "float32", [1, 1, 3],
             nb + "; X1 = torch.tensor([[[1.0, 2.0, 3.0]]]) -> [[[3., 5.]]]",
             input_values=[1.0, 2.0, 3.0], fill_weight=1.0, fill_bias=0.0, grad_ones=True),
        spec("notebook_dual_conv", "Conv1d",
             {"in_channels": 2, "out_channels": 1, "kernel_size": 2}, "float32", [1, 2, 3],
             nb + "; X2 = torch.tensor([[[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]]]) -> [[[12., 16.]]]",
             input_values=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], fill_weight=1.0, fill_bias=0.0,
             grad_ones=True),
        spec("notebook_single_conv_unbatched", "Conv1d",
             {"in_channels": 1, "out_channels": 1, "kernel_size": 2}, "float32", [1, 3],
             "variant, not in the notebook: the notebook's single-channel layer on the unbatched "
             "input [[1., 2., 3.]] -> [[3., 5.]]; weight 1, bias 0, grad_output ones",
             input_values=[1.0, 2.0, 3.0], fill_weight=1.0, fill_bias=0.0, grad_ones=True),
        spec("notebook_dual_conv_unbatched", "Conv1d",
             {"in_channels": 2, "out_channels": 1, "kernel_size": 2}, "float32", [2, 3],
             "variant, not in the notebook: the notebook's two-channel layer on the unbatched "
             "input [[1., 2., 3.], [4., 5., 6.]] -> [[12., 16.]]; weight 1, bias 0, "
             "grad_output ones",
             input_values=[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], fill_weight=1.0, fill_bias=0.0,
             grad_ones=True),
    ]
    return out
