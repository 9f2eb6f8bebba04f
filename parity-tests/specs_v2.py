"""Case specifications for the groups format 2 brought: gradients through non-finite values,
tensors in weight files, ``nn.Sequential`` trees, ``nn.ReLU``, modules the project does not
implement, the stage of a refusal, and format-1 copies of a few cases.

See ``specs_conv.spec`` for the keys of a specification.
"""
import copy

from specs_conv import conv_args, convt_args, spec

NAN, INF = float("nan"), float("inf")


def child(name, module, args=None, children=None):
    c = {"name": name, "module": module, "args": {} if args is None else args}
    if children is not None:
        c["children"] = children
    return c


def seq(*modules):
    """Children named "0", "1", ... from (module, args[, children]) tuples."""
    return [child(str(i), *m) for i, m in enumerate(modules)]


# ----------------------------------------------------------------------------------------------
# nonfinite_grads
# ----------------------------------------------------------------------------------------------

def nonfinite_grads_specs():
    C, T = "Conv1d", "ConvTranspose1d"
    out = []

    def nf(name, module, args, dtype, shape, note, **mods):
        out.append(spec(name, module, args, dtype, shape, note + " (with gradients)",
                        nonfinite=mods))

    # Conv1d
    nf("Conv1d_nfgrad_nan_input_stride2_pad1_f32", C, conv_args(2, 3, 3, stride=2, padding=1),
       "float32", [2, 2, 9], "nan in the input, stride 2, padding 1", input={4: NAN})
    nf("Conv1d_nfgrad_inf_input_unread_tail_f32", C, conv_args(2, 2, 3, stride=2), "float32",
       [1, 2, 8], "inf in the last input element, which stride 2 never reads", input={7: INF})
    nf("Conv1d_nfgrad_inf_input_unread_tail_f64", C, conv_args(2, 2, 3, stride=2), "float64",
       [1, 2, 8], "inf in the last input element, which stride 2 never reads", input={7: INF})
    nf("Conv1d_nfgrad_inf_input_dilation2_pad2_f64", C,
       conv_args(2, 2, 3, dilation=2, padding=2), "float64", [2, 2, 8],
       "inf in the input, dilation 2, padding 2", input={3: INF, 20: -INF})
    nf("Conv1d_nfgrad_nan_grad_output_f32", C, conv_args(2, 3, 3, padding=1), "float32",
       [2, 2, 7], "nan in grad_output: grad_input, grad_weight and grad_bias of that channel",
       grad_output={5: NAN})
    nf("Conv1d_nfgrad_inf_grad_output_reflect_f64", C,
       conv_args(2, 2, 3, padding=2, padding_mode="reflect"), "float64", [1, 2, 6],
       "inf in grad_output at the edge, reflect padding 2 folds it back into grad_input",
       grad_output={0: INF})
    nf("Conv1d_nfgrad_neginf_input_circular_f32", C,
       conv_args(2, 2, 3, padding=2, padding_mode="circular"), "float32", [1, 2, 6],
       "-inf at the end of the input, circular padding 2 wraps it to the start",
       input={5: -INF})
    nf("Conv1d_nfgrad_inf_input_replicate_stride2_f64", C,
       conv_args(2, 2, 3, stride=2, padding=3, padding_mode="replicate"), "float64", [1, 2, 7],
       "inf in the last input element, replicate padding 3 repeats it, stride 2",
       input={13: INF})
    nf("Conv1d_nfgrad_nan_weight_same_dilation2_f32", C,
       conv_args(2, 2, 3, padding="same", dilation=2), "float32", [2, 2, 8],
       "nan in the weight, padding='same', dilation 2", weight={1: NAN})
    nf("Conv1d_nfgrad_inf_weight_groups2_f64", C, conv_args(4, 4, 2, groups=2, stride=2),
       "float64", [1, 4, 7], "inf in group 1's weight, stride 2: the other group stays finite",
       weight={5: INF})
    # ConvTranspose1d
    nf("ConvTranspose1d_nfgrad_inf_input_cropped_f32", T, convt_args(1, 1, 3, padding=1),
       "float32", [1, 1, 5],
       "inf in the first input element; padding 1 crops the output position that weight tap 0 "
       "would write it to, and PyTorch still returns nan for grad_weight[0] (inf times the "
       "grad_output's zero padding), where the mathematical sum over the kept outputs is finite",
       input={0: INF})
    nf("ConvTranspose1d_nfgrad_inf_input_cropped_f64", T, convt_args(1, 1, 3, padding=1),
       "float64", [1, 1, 5], "the float64 twin of ConvTranspose1d_nfgrad_inf_input_cropped_f32",
       input={0: INF})
    nf("ConvTranspose1d_nfgrad_inf_input_cropped_stride2_dilation2_f32", T,
       convt_args(2, 2, 3, stride=2, padding=2, dilation=2), "float32", [2, 2, 5],
       "inf in the first input element with stride 2, padding 2, dilation 2 (cropped taps)",
       input={0: INF})
    nf("ConvTranspose1d_nfgrad_nan_grad_output_stride2_f32", T,
       convt_args(2, 3, 3, stride=2, padding=1), "float32", [2, 2, 5],
       "nan in grad_output, stride 2, padding 1", grad_output={0: NAN, 30: NAN})
    nf("ConvTranspose1d_nfgrad_inf_grad_output_outpad_f64", T,
       convt_args(2, 2, 3, stride=2, output_padding=1), "float64", [1, 2, 4],
       "inf in the output_padding position of grad_output", grad_output={9: INF})
    nf("ConvTranspose1d_nfgrad_inf_weight_dilation2_f64", T,
       convt_args(2, 2, 2, dilation=2, padding=1), "float64", [1, 2, 5],
       "inf in the weight, dilation 2, padding 1", weight={0: INF})
    nf("ConvTranspose1d_nfgrad_neginf_input_outpad_f32", T,
       convt_args(2, 2, 3, stride=2, padding=1, output_padding=1), "float32", [1, 2, 5],
       "-inf in the last input element of each channel, stride 2, output_padding 1",
       input={4: -INF, 9: -INF})
    nf("ConvTranspose1d_nfgrad_nan_bias_groups2_f32", T, convt_args(4, 4, 3, groups=2),
       "float32", [1, 4, 4], "nan in the bias: every output of that channel is nan, the "
       "gradients are not", bias={1: NAN})
    return out


# ----------------------------------------------------------------------------------------------
# external_tensors
# ----------------------------------------------------------------------------------------------

ALL_SLOTS = ("state", "input", "output", "grad_output", "grad_input", "grads")


def external_tensors_specs():
    C, T = "Conv1d", "ConvTranspose1d"
    out = []

    def ext(name, module, args, dtype, shape, note, external, children=None, **extra):
        how = "; ".join(f"{slot} in {f}" for slot, f in external.items())
        out.append(spec(name, module, args, dtype, shape,
                        f"{note}; tensors in weight files beside the case ({how}; state keys as "
                        f"in the state_dict, grads under 'grad.<key>', the others under their "
                        f"slot name)", external=external, children=children, **extra))

    def every(fname):
        return {slot: fname for slot in ALL_SLOTS}

    ext("Conv1d_external_npz_f32", C, conv_args(2, 3, 3, stride=2, padding=1), "float32",
        [2, 2, 9], "every tensor in one np.savez archive", every("Conv1d_external_npz_f32.npz"))
    ext("Conv1d_external_npz_f64", C, conv_args(2, 2, 3, dilation=2, padding=2,
                                                 padding_mode="reflect"),
        "float64", [1, 2, 8], "every tensor in one np.savez archive, float64",
        every("Conv1d_external_npz_f64.npz"))
    ext("ConvTranspose1d_external_safetensors_f32", T, convt_args(2, 3, 3, stride=2, padding=1),
        "float32", [2, 2, 5], "every tensor in one .safetensors file",
        every("ConvTranspose1d_external_safetensors_f32.safetensors"))
    ext("ConvTranspose1d_external_safetensors_f64", T,
        convt_args(3, 2, 2, stride=3, output_padding=1), "float64", [1, 3, 4],
        "every tensor in one .safetensors file (with a __metadata__ entry), float64",
        every("ConvTranspose1d_external_safetensors_f64.safetensors"),
        safetensors_metadata={"format": "pt"})
    ext("Conv1d_external_mixed_f32", C, conv_args(3, 2, 3, padding="same"), "float32",
        [2, 3, 7], "state in a .safetensors file, grads in an .npz, the rest inline",
        {"state": "Conv1d_external_mixed_f32.safetensors",
         "grads": "Conv1d_external_mixed_f32.npz"})
    ext("Conv1d_external_nobias_f64", C, conv_args(2, 2, 2, bias=False), "float64", [2, 2, 5],
        "bias=False: only the weight in the state file; input and output in an .npz",
        {"state": "Conv1d_external_nobias_f64.safetensors",
         "input": "Conv1d_external_nobias_f64.npz", "output": "Conv1d_external_nobias_f64.npz"})
    ext("Conv1d_external_nonfinite_f32", C, conv_args(2, 2, 3, padding=1), "float32", [1, 2, 6],
        "nan and inf held as IEEE values in the .npz (no strings there)",
        {"input": "Conv1d_external_nonfinite_f32.npz", "output":
         "Conv1d_external_nonfinite_f32.npz"}, grads=False, nonfinite={"input": {1: NAN,
                                                                                 8: INF}})
    ext("Sequential_external_f64", "Sequential", {}, "float64", [2, 2, 8],
        "an nn.Sequential whose state (keys 0.weight, 0.bias, 2.weight, 2.bias) is in a "
        ".safetensors file, input/output/gradients in an .npz",
        {"state": "Sequential_external_f64.safetensors", "input": "Sequential_external_f64.npz",
         "output": "Sequential_external_f64.npz", "grad_output": "Sequential_external_f64.npz",
         "grad_input": "Sequential_external_f64.npz", "grads": "Sequential_external_f64.npz"},
        children=seq(("Conv1d", conv_args(2, 3, 3, padding=1)), ("ReLU", {}),
                     ("ConvTranspose1d", convt_args(3, 2, 3, stride=2))))
    return out


# ----------------------------------------------------------------------------------------------
# sequential
# ----------------------------------------------------------------------------------------------

def sequential_specs():
    S = "Sequential"
    out = []

    def sq(name, children, dtype, shape, note, **extra):
        out.append(spec(name, S, {}, dtype, shape, note, children=children, **extra))

    sq("Sequential_conv_relu_conv_f32",
       seq(("Conv1d", conv_args(2, 4, 3, padding=1)), ("ReLU", {}),
           ("Conv1d", conv_args(4, 3, 3, stride=2))),
       "float32", [2, 2, 10], "Conv1d -> ReLU -> Conv1d (stride 2)")
    sq("Sequential_conv_relu_convtranspose_f64",
       seq(("Conv1d", conv_args(3, 4, 3)), ("ReLU", {}),
           ("ConvTranspose1d", convt_args(4, 2, 3, stride=2, output_padding=1))),
       "float64", [2, 3, 8], "Conv1d -> ReLU -> ConvTranspose1d (stride 2, output_padding 1)")
    sq("Sequential_named_children_f32",
       [child("encode", "Conv1d", conv_args(2, 4, 4, stride=2, padding=1)),
        child("act", "ReLU", {}),
        child("decode", "ConvTranspose1d", convt_args(4, 2, 4, stride=2, padding=1))],
       "float32", [2, 2, 8], "named children (nn.Sequential(OrderedDict(...))): state keys "
       "encode.weight, decode.bias, ...")
    sq("Sequential_nested_f32",
       seq(("Conv1d", conv_args(2, 3, 3, padding=1)),
           ("Sequential", {}, seq(("ReLU", {}), ("Conv1d", conv_args(3, 3, 3, padding=1,
                                                                      padding_mode="reflect")))),
           ("ReLU", {})),
       "float32", [2, 2, 7], "a Sequential inside a Sequential: state keys 0.weight, "
       "1.1.weight, 1.1.bias")
    sq("Sequential_padding_modes_f64",
       seq(("Conv1d", conv_args(2, 3, 3, padding="same", dilation=2, padding_mode="reflect")),
           ("ReLU", {}),
           ("Conv1d", conv_args(3, 2, 3, padding=1, padding_mode="circular")),
           ("ReLU", {}),
           ("Conv1d", conv_args(2, 2, 2, padding=2, padding_mode="replicate"))),
       "float64", [2, 2, 9], "reflect 'same' dilated, circular, replicate in one chain")
    sq("Sequential_relu_first_unbatched_f32",
       seq(("ReLU", {}), ("Conv1d", conv_args(3, 2, 3)), ("ReLU", {})),
       "float32", [3, 9], "ReLU first, unbatched [C, L] input")
    sq("Sequential_groups_nobias_inplace_relu_f32",
       seq(("Conv1d", conv_args(4, 4, 3, groups=2, bias=False, padding=1)),
           ("ReLU", {"inplace": True}),
           ("ConvTranspose1d", convt_args(4, 2, 3, groups=2, bias=False, stride=2))),
       "float32", [2, 4, 6], "groups 2 without bias, ReLU(inplace=True) between (in place on "
       "the conv's output, as PyTorch allows)")
    sq("Sequential_single_conv_f64", seq(("Conv1d", conv_args(2, 2, 3))), "float64", [1, 2, 6],
       "a Sequential with one child: state keys 0.weight, 0.bias")
    sq("Sequential_empty_f32", [], "float32", [2, 3, 4],
       "an empty nn.Sequential() returns its input: output == input, grad_input == "
       "grad_output, no state")
    sq("Sequential_batch0_f32",
       seq(("Conv1d", conv_args(2, 3, 3, padding=1)), ("ReLU", {}),
           ("ConvTranspose1d", convt_args(3, 2, 2, stride=2))),
       "float32", [0, 2, 5], "an empty batch through the chain (zero parameter gradients)")
    for seed, dtype, named in ((0, "float32", False), (42, "float64", True)):
        children = [
            ("Conv1d", conv_args(2, 4, 3, padding=1)), ("ReLU", {}),
            ("ConvTranspose1d", convt_args(4, 3, 4, stride=2, bias=not named)),
            ("Conv1d", conv_args(3, 2, 1, bias=named)),
        ]
        if named:
            kids = [child(n, *c) for n, c in zip(("conv", "act", "up", "proj"), children)]
        else:
            kids = seq(*children)
        name = f"Sequential_init{'_named' if named else ''}_seed{seed}_{dtype}"
        out.append(spec(name, S, {}, dtype, None,
                        f"initialisation of a tree: torch.manual_seed({seed}); then "
                        f"nn.Sequential({'OrderedDict(...)' if named else '...'}) built in "
                        f"order, each layer nn.<module>(**args, dtype=torch.{dtype})",
                        grads=False, children=kids, init_seed=seed))
    return out


# ----------------------------------------------------------------------------------------------
# relu
# ----------------------------------------------------------------------------------------------

def relu_specs():
    R = "ReLU"
    out = []

    def r(name, dtype, shape, note, args=None, **extra):
        out.append(spec(name, R, {} if args is None else args, dtype, shape, note, **extra))

    r("ReLU_batched_f32", "float32", [2, 3, 7], "batched [N, C, L]")
    r("ReLU_batched_f64", "float64", [2, 3, 7], "batched [N, C, L], float64")
    r("ReLU_unbatched_f32", "float32", [3, 8], "unbatched [C, L]", args={"inplace": False})
    r("ReLU_unbatched_f64", "float64", [4, 5], "unbatched [C, L], float64")
    zeros = [0.0, -0.0, 1.5, -1.5, 0.0, -0.0, 2.0 ** -149, -(2.0 ** -149)]
    r("ReLU_signed_zeros_f32", "float32", [1, 2, 4],
      "+0.0, -0.0 and the smallest subnormals: relu(-0.0) and the gradient at 0 (0: "
      "PyTorch's threshold_backward zeroes the gradient where input <= 0)",
      input_values=zeros, grad_ones=True)
    r("ReLU_signed_zeros_f64", "float64", [2, 4],
      "+0.0, -0.0, +-4.9e-324: relu at and around zero, grad_output ones",
      input_values=zeros[:6] + [5e-324, -5e-324], grad_ones=True)
    r("ReLU_nonfinite_f32", "float32", [1, 2, 4], "nan, inf, -inf in the input; nan and inf in "
      "grad_output, some where the input is negative (the gradient there is 0, not nan)",
      input_values=[NAN, INF, -INF, 1.0, -1.0, 0.5, -0.0, 3.0],
      nonfinite={"grad_output": {3: NAN, 4: INF, 6: NAN}})
    r("ReLU_nonfinite_f64", "float64", [2, 3], "nan, inf, -inf in the input, float64",
      input_values=[NAN, -INF, INF, -2.0, 0.0, 2.0], nonfinite={"grad_output": {1: INF}})
    r("ReLU_batch0_f32", "float32", [0, 3, 4], "an empty batch")
    r("ReLU_rank1_f64", "float64", [6], "a rank-1 input (ReLU takes any shape)")
    return out


# ----------------------------------------------------------------------------------------------
# unimplemented
# ----------------------------------------------------------------------------------------------

def unimplemented_specs():
    """Modules torch.nn has and torch-parity does not: each case must SKIP, naming the module.
    (BatchNorm1d, GroupNorm and GELU stood here until the layer family implemented them.)"""
    return [
        spec("Softshrink_unimplemented_f32", "Softshrink", {"lambd": 0.5}, "float32", [2, 3, 6],
             "not implemented by torch-parity (must be skipped, naming Softshrink)"),
        spec("LogSigmoid_unimplemented_f64", "LogSigmoid", {}, "float64", [2, 4, 5],
             "not implemented by torch-parity (must be skipped, naming LogSigmoid)"),
        spec("Sequential_conv_softshrink_conv_f32", "Sequential", {}, "float32", [2, 2, 8],
             "a tree with one module torch-parity does not implement (Softshrink): the whole "
             "case must be skipped, naming Softshrink",
             children=seq(("Conv1d", conv_args(2, 3, 3, padding=1)),
                          ("Softshrink", {"lambd": 0.5}), ("Conv1d", conv_args(3, 2, 3)))),
    ]


# ----------------------------------------------------------------------------------------------
# stages
# ----------------------------------------------------------------------------------------------

def stages_specs():
    C, T, S = "Conv1d", "ConvTranspose1d", "Sequential"
    out = []

    def st(name, module, args, shape, note, expect, dtype="float32", **extra):
        out.append(spec(name, module, args, dtype, shape, note, grads=False, expect=expect,
                        **extra))

    st("Conv1d_stage_construct_groups", C, conv_args(3, 6, 3, groups=2), [2, 3, 8],
       "refused at construction: in_channels 3 not divisible by groups 2", "construct")
    st("Conv1d_stage_construct_padding_mode", C, conv_args(2, 2, 3, padding=1,
                                                           padding_mode="zero"), [2, 2, 8],
       "refused at construction: padding_mode 'zero' (PyTorch's is 'zeros')", "construct")
    st("Conv1d_stage_forward_channels", C, conv_args(3, 4, 3), [2, 4, 8],
       "refused at forward: the input has 4 channels, the module 3", "forward")
    st("ConvTranspose1d_stage_forward_channels", T, convt_args(3, 2, 3), [2, 2, 5],
       "refused at forward: the input has 2 channels, the module 3", "forward", dtype="float64")
    st("Conv1d_stage_load_weight_shape", C, conv_args(2, 3, 3), [2, 2, 8],
       "refused by load_state_dict: a weight of shape [3, 2, 4] for a kernel of 3",
       "load_state_dict", load_state={"weight": [3, 2, 4]})
    st("ConvTranspose1d_stage_load_weight_shape", T, convt_args(2, 3, 3), [2, 2, 5],
       "refused by load_state_dict: a Conv1d-shaped weight [out, in, k] = [3, 2, 3] for a "
       "ConvTranspose1d, whose weight is [in, out, k] = [2, 3, 3]", "load_state_dict",
       load_state={"weight": [3, 2, 3]})
    st("Conv1d_stage_load_bias_shape", C, conv_args(2, 3, 3), [2, 2, 8],
       "refused by load_state_dict: a bias of shape [4] for 3 output channels",
       "load_state_dict", dtype="float64", load_state={"bias": [4]})
    st("Conv1d_stage_load_missing_bias", C, conv_args(2, 3, 3), [2, 2, 8],
       "refused by load_state_dict (strict): the state lacks the bias", "load_state_dict",
       load_state={"bias": None})
    st("Conv1d_stage_load_unexpected_bias", C, conv_args(2, 3, 3, bias=False), [2, 2, 8],
       "refused by load_state_dict (strict): a bias in the state of a module built with "
       "bias=False", "load_state_dict", load_state={"bias": [3]})
    st("Sequential_stage_load_weight_shape", S, {}, [2, 2, 8],
       "refused by load_state_dict: the tree's 2.weight has the wrong shape", "load_state_dict",
       children=seq(("Conv1d", conv_args(2, 3, 3)), ("ReLU", {}),
                    ("Conv1d", conv_args(3, 2, 3))),
       load_state={"2.weight": [2, 3, 5]})
    st("Sequential_stage_forward_channels", S, {}, [2, 2, 8],
       "refused at forward inside the tree: child 2 takes 4 channels, child 0 gives 3",
       "forward", children=seq(("Conv1d", conv_args(2, 3, 3)), ("ReLU", {}),
                               ("Conv1d", conv_args(4, 2, 3))))
    return out


# ----------------------------------------------------------------------------------------------
# format1_compat
# ----------------------------------------------------------------------------------------------

FORMAT1_COPIES = [
    ("conv1d_forward", "Conv1d_stride2_pad1"),
    ("conv1d_forward", "Conv1d_nobias"),
    ("conv1d_nonfinite", "Conv1d_nonfinite_all_kinds_f32"),
    ("conv_transpose1d", "ConvTranspose1d_stride2_outpad1"),
    ("conv_transpose1d", "ConvTranspose1d_unbatched"),
    ("init_seed", "Conv1d_init_in2_out3_k3_g1_float32_seed42"),
    ("init_seed", "ConvTranspose1d_init_in3_out4_k4_g1_nobias_float32_seed8"),
    ("conv1d_errors", "Conv1d_err_groups_zero"),
    ("conv_transpose1d_errors", "ConvTranspose1d_err_channel_mismatch"),
]


def format1_compat_specs(groups):
    """Format-1 copies of a few cases of ``groups``: same seed, same numbers, other name."""
    out = []
    for group, name in FORMAT1_COPIES:
        (s,) = [s for s in groups[group] if s["name"] == name]
        s = copy.deepcopy(s)
        s.update(name="format1_" + name, seed_name=name, format=1,
                 note=f"format-1 copy of {group}/{name}.json (same seed and numbers): "
                      f"{s['note']}")
        out.append(s)
    return out
