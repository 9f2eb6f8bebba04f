"""Case specifications for the dense family: ``nn.Linear``, ``nn.Embedding``, the shape modules
``nn.Flatten``, ``nn.Unflatten`` and ``nn.Identity``, and ``nn.Sequential`` trees made of them
(named children, nesting, an Embedding first).

Found by ``generate_cases.py`` (``specs_family_*.py``); see ``specs_conv.spec`` for the keys of a
specification. Groups: ``dense_linear``, ``dense_embedding``, ``dense_shape``,
``dense_containers``.
"""
from specs_conv import conv_args, spec
from specs_v2 import child, seq

NAN, INF = float("nan"), float("inf")


def lin(cin, cout, bias=True):
    return {"in_features": cin, "out_features": cout, "bias": bias}


def emb(num, dim, **extra):
    args = {"num_embeddings": num, "embedding_dim": dim}
    args.update(extra)
    return args


def densify_sparse_grad(m, torch):
    """``sparse=True`` gives the weight a sparse gradient, which a case file cannot hold: a hook
    on the weight hands autograd ``grad.to_dense()`` instead, so ``.grad`` holds PyTorch's sparse
    gradient's values, dense."""
    m.weight.register_hook(lambda g: g.to_dense() if g.is_sparse else g)
    return ("the weight's sparse gradient is densified by a hook on the weight "
            "(grad.to_dense()) so that the file can hold it")


# ----------------------------------------------------------------------------------------------
# dense_linear
# ----------------------------------------------------------------------------------------------

def linear_specs():
    L = "Linear"
    out = []

    def li(name, args, dtype, shape, note, **extra):
        out.append(spec(name, L, args, dtype, shape, note, **extra))

    li("Linear_batched_f32", lin(4, 3), "float32", [2, 4], "(N, in) input: addmm with the bias")
    li("Linear_batched_f64", lin(5, 2), "float64", [3, 5], "(N, in) input, float64")
    li("Linear_rank1_f32", lin(4, 3), "float32", [4], "a 1-D (in,) input gives (out,)")
    li("Linear_rank1_f64", lin(3, 5), "float64", [3], "a 1-D input, float64")
    li("Linear_rank3_f32", lin(4, 3), "float32", [2, 3, 4],
       "(N, L, in): libtorch folds a contiguous 3-d input into one addmm")
    li("Linear_rank4_f64", lin(3, 2), "float64", [2, 2, 3, 3], "a rank-4 input: matmul, then the bias")
    li("Linear_nobias_f32", lin(4, 3, bias=False), "float32", [3, 4], "bias=False, (N, in)")
    li("Linear_nobias_rank1_f64", lin(4, 2, bias=False), "float64", [4], "bias=False, 1-D input")
    li("Linear_nobias_rank3_f32", lin(3, 3, bias=False), "float32", [2, 2, 3],
       "bias=False, rank 3")
    li("Linear_in1_out1_f64", lin(1, 1), "float64", [4, 1], "one feature in, one out")
    li("Linear_wide_f32", lin(64, 8), "float32", [4, 64],
       "64 input features: float32 sums of 64 products, against the double-accumulated reference")
    li("Linear_wide_f64", lin(96, 5), "float64", [3, 96], "96 input features, float64")
    li("Linear_batch0_f32", lin(4, 3), "float32", [0, 4],
       "an empty batch: empty output, zero weight gradient, zero bias gradient")
    li("Linear_in0_f64", lin(0, 3), "float64", [2, 0],
       "in_features=0: the weight has no elements, the output is the bias broadcast")
    li("Linear_out0_f32", lin(3, 0), "float32", [2, 3], "out_features=0: an empty output")
    li("Linear_nonfinite_input_f32", lin(3, 2), "float32", [2, 3],
       "nan and inf in the input, nan in grad_output",
       nonfinite={"input": {0: NAN, 4: INF}, "grad_output": {3: NAN}})
    li("Linear_nonfinite_weight_f64", lin(3, 2), "float64", [2, 3], "inf and -inf in the weight",
       nonfinite={"weight": {1: INF, 5: -INF}})
    li("Linear_exact_values_f64", lin(2, 2), "float64", [1, 2],
       "exact input 1, -2 with weight 0.5 and bias 0.25: y = 0.5 - 1 + 0.25 = -0.25 per output",
       input_values=[1.0, -2.0], fill_weight=0.5, fill_bias=0.25, grad_ones=True)
    # refusals
    li("Linear_construct_negative_in", lin(-1, 3), "float32", [2, 3],
       "in_features=-1: torch.empty refuses the negative dimension", expect="construct",
       grads=False)
    li("Linear_construct_negative_out", lin(3, -2), "float64", [2, 3],
       "out_features=-2: torch.empty refuses the negative dimension", expect="construct",
       grads=False)
    li("Linear_forward_wrong_features", lin(3, 4), "float32", [2, 5],
       "input's last dimension 5 where in_features is 3", expect="forward", grads=False)
    li("Linear_forward_wrong_features_rank1", lin(3, 4), "float64", [5],
       "a 1-D input of 5 where in_features is 3", expect="forward", grads=False)
    li("Linear_forward_wrong_features_rank3", lin(3, 4, bias=False), "float32", [2, 2, 5],
       "a rank-3 input whose last dimension is not in_features", expect="forward", grads=False)
    li("Linear_forward_0d", lin(3, 4), "float32", [], "a 0-d input", expect="forward",
       grads=False)
    # initialisation
    for seed, args, dtype in ((0, lin(5, 3), "float32"), (7, lin(4, 6, bias=False), "float64"),
                              (3, lin(40, 20), "float32"), (11, lin(7, 2), "float64"),
                              (5, lin(0, 3), "float32")):
        name = (f"Linear_init_in{args['in_features']}_out{args['out_features']}"
                f"{'' if args['bias'] else '_nobias'}_seed{seed}_{dtype}")
        note = (f"initialisation: torch.manual_seed({seed}); nn.Linear(**args, "
                f"dtype=torch.{dtype}): kaiming_uniform_(a=sqrt(5)) then the fan-in bias")
        if args["in_features"] == 0:
            note += ("; in_features=0: kaiming_uniform_ is a no-op on the empty weight and the "
                     "bias is drawn from uniform_(0, 0)")
        li(name, args, dtype, None, note, grads=False, init_seed=seed)
    return out


# ----------------------------------------------------------------------------------------------
# dense_embedding
# ----------------------------------------------------------------------------------------------

def embedding_specs():
    E = "Embedding"
    out = []

    def em(name, args, dtype, shape, note, **extra):
        out.append(spec(name, E, args, dtype, shape, note, **extra))

    def ints(values):
        return {"input_values": values, "input_dtype": "int64"}

    em("Embedding_basic_f32", emb(10, 4), "float32", [2, 5], "(N, L) int64 indices",
       input_ints=[0, 10])
    em("Embedding_basic_f64", emb(7, 3), "float64", [6], "1-D indices, float64",
       input_ints=[0, 7])
    em("Embedding_0d_index_f32", emb(5, 3), "float32", [], "a 0-d index gives (embedding_dim,)",
       input_ints=[0, 5])
    em("Embedding_rank3_f64", emb(6, 2), "float64", [2, 2, 3], "rank-3 indices",
       input_ints=[0, 6])
    em("Embedding_empty_input_f32", emb(4, 3), "float32", [2, 0],
       "no indices: an empty output and a zero weight gradient", input_ints=[0, 4])
    em("Embedding_dim0_f64", emb(4, 0), "float64", [3], "embedding_dim=0: rows of no values",
       input_ints=[0, 4])
    em("Embedding_repeated_indices_f64", emb(5, 3), "float64", [2, 3],
       "indices repeat: their rows' gradients add up", **ints([1, 1, 3, 1, 4, 3]))
    em("Embedding_padding_idx_f32", emb(6, 3, padding_idx=2), "float32", [2, 3],
       "padding_idx=2: that row starts at zero and its gradient stays zero",
       **ints([2, 0, 2, 5, 1, 2]))
    em("Embedding_padding_negative_f64", emb(5, 2, padding_idx=-1), "float64", [4],
       "padding_idx=-1 means row 4", **ints([4, 0, 4, 3]))
    em("Embedding_padding_nonfinite_grad_f32", emb(4, 2, padding_idx=0), "float32", [3],
       "nan in grad_output at the padding position: PyTorch skips that position",
       nonfinite={"grad_output": {0: NAN, 1: INF}}, **ints([0, 1, 2]))
    em("Embedding_scale_grad_by_freq_f32", emb(5, 3, scale_grad_by_freq=True), "float32",
       [2, 3], "scale_grad_by_freq: each row's gradient divided by its count in the input",
       **ints([1, 1, 3, 1, 4, 3]))
    em("Embedding_scale_grad_padding_f64",
       emb(6, 2, padding_idx=1, scale_grad_by_freq=True), "float64", [7],
       "scale_grad_by_freq with padding_idx", **ints([1, 2, 2, 2, 1, 5, 0]))
    em("Embedding_sparse_f32", emb(5, 3, sparse=True), "float32", [2, 3],
       "sparse=True: the same forward; the gradient's values as a dense tensor",
       prepare=densify_sparse_grad, **ints([0, 3, 3, 1, 0, 3]))
    em("Embedding_sparse_scale_padding_f64",
       emb(5, 2, sparse=True, scale_grad_by_freq=True, padding_idx=3), "float64", [6],
       "sparse=True with scale_grad_by_freq and padding_idx", prepare=densify_sparse_grad,
       **ints([3, 3, 1, 1, 1, 4]))
    em("Embedding_nonfinite_weight_f64", emb(4, 2), "float64", [3],
       "nan and inf in the weight: copied to the output, gradients unaffected",
       nonfinite={"weight": {0: NAN, 3: INF}}, **ints([0, 1, 2]))
    # max_norm: the forward renormalises the looked-up rows in place
    em("Embedding_max_norm_f32", emb(8, 4, max_norm=1.0), "float32", [2, 3],
       "max_norm=1.0: rows with a 2-norm above 1 are scaled to 1/(norm+1e-7) of themselves "
       "before the lookup (N(0,1) rows of 4 values have norms near 2)", input_ints=[0, 8])
    em("Embedding_max_norm_f64", emb(6, 3, max_norm=1.5), "float64", [5],
       "max_norm=1.5, float64", input_ints=[0, 6])
    em("Embedding_max_norm_repeats_f32", emb(5, 3, max_norm=0.5), "float32", [6],
       "repeated indices: each row is renormalised once", **ints([2, 2, 4, 2, 0, 4]))
    em("Embedding_max_norm_p1_f64", emb(6, 4, max_norm=2.0, norm_type=1.0), "float64", [4],
       "norm_type=1.0", input_ints=[0, 6])
    em("Embedding_max_norm_p3_f32", emb(6, 4, max_norm=1.0, norm_type=3.0), "float32", [4],
       "norm_type=3.0", input_ints=[0, 6])
    em("Embedding_max_norm_p1_5_f32", emb(6, 4, max_norm=1.0, norm_type=1.5), "float32", [4],
       "norm_type=1.5 (a non-integral p-norm)", input_ints=[0, 6])
    # (norm_type=inf cannot be written: case args are strict JSON; the grid covers it)
    em("Embedding_max_norm_p0_f64", emb(6, 4, max_norm=2.5, norm_type=0.0), "float64", [4],
       "norm_type=0.0: the norm counts non-zero values (4 > 2.5: every row is scaled)",
       input_ints=[0, 6])
    em("Embedding_max_norm_padding_scale_f32",
       emb(6, 3, max_norm=1.0, padding_idx=0, scale_grad_by_freq=True), "float32", [2, 4],
       "max_norm with padding_idx and scale_grad_by_freq", **ints([0, 1, 1, 5, 0, 2, 3, 1]))
    # refusals
    em("Embedding_construct_padding_too_large", emb(5, 3, padding_idx=5), "float32", [2],
       "padding_idx=5 with 5 rows", expect="construct", grads=False, input_ints=[0, 5])
    em("Embedding_construct_padding_too_negative", emb(5, 3, padding_idx=-6), "float64", [2],
       "padding_idx=-6 with 5 rows", expect="construct", grads=False, input_ints=[0, 5])
    em("Embedding_construct_negative_rows", emb(-1, 3), "float32", [2],
       "num_embeddings=-1", expect="construct", grads=False, input_ints=[0, 1])
    em("Embedding_construct_padding_empty_table", emb(0, 3, padding_idx=0), "float32", [2],
       "padding_idx=0 of a table with no rows", expect="construct", grads=False,
       input_ints=[0, 1])
    em("Embedding_forward_index_too_large", emb(5, 3), "float32", [3],
       "index 5 of 5 rows", expect="forward", grads=False, **ints([1, 5, 0]))
    em("Embedding_forward_negative_index", emb(5, 3), "float64", [2],
       "index -1", expect="forward", grads=False, **ints([-1, 2]))
    em("Embedding_forward_index_too_large_max_norm", emb(5, 3, max_norm=1.0), "float32", [2],
       "index 5 with max_norm: PyTorch's renorm refuses it first", expect="forward",
       grads=False, **ints([1, 5]))
    em("Embedding_forward_float_input", emb(5, 3), "float32", [2, 2],
       "floating indices", expect="forward", grads=False)
    # initialisation: normal_(0, 1), then the padding row zeroed; libtorch fills 16 or more
    # contiguous values in a vectorised routine and fewer one by one. The one-by-one float64
    # draws of PyTorch 1.13 and libtorch 2.7.1 differ in the last bit (2.x's Box-Muller takes
    # log1p(-u) where 1.13 took log(1 - u)), so a float64 table of fewer than 16 values is no
    # case here: torch-parity follows 2.7.1 (DenseTest pins the 1.13 values and the difference).
    for seed, args, dtype in ((0, emb(10, 4), "float32"), (1, emb(10, 4), "float64"),
                              (2, emb(3, 2), "float32"), (3, emb(4, 4), "float64"),
                              (4, emb(20, 8, padding_idx=3), "float32"),
                              (5, emb(9, 5, padding_idx=-2), "float64"),
                              (6, emb(4, 5), "float32"), (8, emb(17, 1), "float32")):
        pad = "" if "padding_idx" not in args else f"_pad{args['padding_idx']}"
        name = (f"Embedding_init_{args['num_embeddings']}x{args['embedding_dim']}{pad}"
                f"_seed{seed}_{dtype}")
        em(name, args, dtype, None,
           f"initialisation: torch.manual_seed({seed}); nn.Embedding(**args, "
           f"dtype=torch.{dtype}): normal_(0, 1) over {args['num_embeddings']} x "
           f"{args['embedding_dim']} values, then the padding row zeroed",
           grads=False, init_seed=seed)
    return out


# ----------------------------------------------------------------------------------------------
# dense_shape
# ----------------------------------------------------------------------------------------------

def shape_specs():
    F, U, I = "Flatten", "Unflatten", "Identity"
    out = []

    def sh(name, module, args, dtype, shape, note, **extra):
        out.append(spec(name, module, args, dtype, shape, note, **extra))

    def fl(start=1, end=-1):
        return {"start_dim": start, "end_dim": end}

    def un(dim, sizes):
        return {"dim": dim, "unflattened_size": sizes}

    sh("Flatten_default_f32", F, {}, "float32", [2, 3, 4], "defaults: dims 1 to -1")
    sh("Flatten_default_f64", F, fl(), "float64", [3, 2, 2], "start_dim=1, end_dim=-1 given")
    sh("Flatten_all_f32", F, fl(0, -1), "float32", [2, 3, 4], "every dim into one")
    sh("Flatten_middle_f64", F, fl(1, 2), "float64", [2, 3, 4, 2], "dims 1 and 2 of a rank-4 input")
    sh("Flatten_negative_dims_f32", F, fl(-3, -2), "float32", [2, 3, 4, 2], "dims -3 to -2")
    sh("Flatten_same_dim_f64", F, fl(1, 1), "float64", [2, 3, 4], "start_dim == end_dim: no change")
    sh("Flatten_0d_f32", F, fl(0, -1), "float32", [], "a 0-d input becomes (1,)")
    sh("Flatten_rank1_f64", F, fl(0, 0), "float64", [5], "a 1-D input, dims 0 to 0")
    sh("Flatten_batch0_f32", F, {}, "float32", [0, 3, 4], "an empty batch")
    sh("Flatten_nonfinite_f64", F, {}, "float64", [2, 2, 2], "nan and inf pass through",
       nonfinite={"input": {1: NAN, 6: -INF}, "grad_output": {2: INF}})
    sh("Flatten_forward_start_after_end", F, fl(2, 1), "float32", [2, 3, 4],
       "start_dim=2 after end_dim=1", expect="forward", grads=False)
    sh("Flatten_forward_rank1_default", F, {}, "float32", [5],
       "the default start_dim=1 on a 1-D input", expect="forward", grads=False)
    sh("Flatten_forward_0d_default", F, {}, "float64", [],
       "the default start_dim=1 on a 0-d input", expect="forward", grads=False)
    sh("Flatten_forward_end_out_of_range", F, fl(0, -4), "float32", [2, 3, 4],
       "end_dim=-4 on a rank-3 input", expect="forward", grads=False)

    sh("Unflatten_f32", U, un(1, [2, 3]), "float32", [4, 6], "dim 1 of 6 into (2, 3)")
    sh("Unflatten_infer_f64", U, un(1, [2, -1]), "float64", [4, 6], "-1 inferred as 3")
    sh("Unflatten_negative_dim_f32", U, un(-1, [3, 2]), "float32", [2, 4, 6], "dim=-1")
    sh("Unflatten_dim0_f64", U, un(0, [2, 2]), "float64", [4, 3], "dim 0 into (2, 2)")
    sh("Unflatten_three_f32", U, un(1, [2, -1, 2]), "float32", [3, 12, 2],
       "three sizes, the middle one inferred")
    sh("Unflatten_single_f64", U, un(1, [6]), "float64", [4, 6], "one size: no change")
    sh("Unflatten_zero_size_f32", U, un(1, [2, 0]), "float32", [4, 0],
       "a dimension of size 0 into (2, 0)")
    sh("Unflatten_rank1_f64", U, un(0, [-1, 4]), "float64", [8], "a 1-D input into (2, 4)")
    sh("Unflatten_forward_wrong_product", U, un(1, [2, 2]), "float32", [4, 6],
       "sizes (2, 2) for a dimension of 6", expect="forward", grads=False)
    sh("Unflatten_forward_two_inferred", U, un(1, [-1, -1]), "float32", [4, 6],
       "two -1", expect="forward", grads=False)
    sh("Unflatten_forward_empty_sizes", U, un(0, []), "float64", [4, 6], "no sizes",
       expect="forward", grads=False)
    sh("Unflatten_forward_dim_out_of_range", U, un(2, [2, 3]), "float32", [4, 6],
       "dim=2 of a rank-2 input", expect="forward", grads=False)
    sh("Unflatten_forward_negative_size", U, un(1, [-2, -3]), "float32", [4, 6],
       "a size of -2", expect="forward", grads=False)
    sh("Unflatten_forward_0d", U, un(0, [1]), "float64", [], "a 0-d input", expect="forward",
       grads=False)
    sh("Unflatten_forward_ambiguous", U, un(1, [0, -1]), "float32", [4, 0],
       "(0, -1) for a dimension of size 0: -1 could be anything", expect="forward", grads=False)
    sh("Unflatten_forward_infer_no_fit", U, un(1, [-1, 4]), "float32", [4, 6],
       "(-1, 4) for a dimension of 6", expect="forward", grads=False)
    sh("Unflatten_construct_int_size", U, un(1, 3), "float32", [4, 6],
       "unflattened_size=3, not a list", expect="construct", grads=False)
    sh("Unflatten_construct_float_size", U, un(1, [1.5, 2]), "float32", [4, 6],
       "unflattened_size holds a float", expect="construct", grads=False)

    sh("Identity_f32", I, {}, "float32", [2, 3, 4], "returns the input")
    sh("Identity_ignored_args_f64", I, {"unused": 54, "name": "skip"}, "float64", [3, 2],
       "nn.Identity(unused=54, name='skip'): arguments are accepted and ignored")
    sh("Identity_0d_f32", I, {}, "float32", [], "a 0-d input")
    sh("Identity_nonfinite_f32", I, {}, "float32", [2, 3], "nan, inf, -0.0 pass through",
       input_values=[NAN, INF, -INF, -0.0, 0.0, 1.5], nonfinite={"grad_output": {1: NAN}})
    return out


# ----------------------------------------------------------------------------------------------
# dense_containers
# ----------------------------------------------------------------------------------------------

def container_specs():
    S = "Sequential"
    out = []

    def sq(name, children, dtype, shape, note, **extra):
        out.append(spec(name, S, {}, dtype, shape, note, children=children, **extra))

    sq("Sequential_named_linear_head_f32",
       [child("flatten", "Flatten", {}), child("fc", "Linear", lin(12, 5)),
        child("act", "ReLU", {}), child("out", "Linear", lin(5, 2))],
       "float32", [3, 3, 4], "named children: a classifier head on (N, C, L)")
    sq("Sequential_nested_named_f64",
       [child("body", S, {}, [child("fc1", "Linear", lin(4, 6)), child("act", "ReLU", {}),
                              child("skip", "Identity", {})]),
        child("head", S, {}, seq(("Linear", lin(6, 3, bias=False)), ("ReLU", {}))),
        child("fc2", "Linear", lin(3, 2))],
       "float64", [2, 5, 4], "nested named and numbered Sequentials: keys body.fc1.weight, "
       "head.0.weight, fc2.bias")
    sq("Sequential_embedding_bag_f32",
       [child("embed", "Embedding", emb(12, 4, padding_idx=0)),
        child("flatten", "Flatten", {}), child("fc", "Linear", lin(20, 3))],
       "float32", [2, 5], "text classifier over embeddings: int64 indices into an Embedding "
       "(padding_idx=0), flattened, a Linear head; no grad_input (indices)", input_ints=[0, 12])
    sq("Sequential_embedding_positionwise_f64",
       seq(("Embedding", emb(9, 3, scale_grad_by_freq=True)), ("Linear", lin(3, 4)),
           ("ReLU", {}), ("Flatten", {}), ("Linear", lin(16, 2))),
       "float64", [3, 4], "Embedding then a position-wise Linear (on the last dimension), ReLU, "
       "Flatten, Linear", input_ints=[0, 9])
    sq("Sequential_embedding_max_norm_f32",
       seq(("Embedding", emb(7, 3, max_norm=1.0)), ("Flatten", fl_args(0, -1)),
           ("Linear", lin(12, 2))),
       "float32", [4], "an Embedding with max_norm first: the renormalised rows feed the Linear",
       input_ints=[0, 7])
    sq("Sequential_unflatten_conv_f32",
       [child("fc", "Linear", lin(4, 12)), child("unflatten", "Unflatten",
                                                 {"dim": 1, "unflattened_size": [3, 4]}),
        child("conv", "Conv1d", conv_args(3, 2, 3, padding=1)), child("act", "ReLU", {}),
        child("flatten", "Flatten", {}), child("out", "Linear", lin(8, 1))],
       "float32", [2, 4], "Linear -> Unflatten (N, 3, 4) -> Conv1d -> ReLU -> Flatten -> Linear")
    sq("Sequential_conv_flatten_linear_f64",
       seq(("Conv1d", conv_args(2, 4, 3, stride=2)), ("ReLU", {}), ("Flatten", {}),
           ("Identity", {}), ("Linear", lin(16, 3))),
       "float64", [2, 2, 9], "a 1-D CNN classifier: Conv1d (stride 2) -> ReLU -> Flatten -> "
       "Identity -> Linear")
    sq("Sequential_linear_unbatched_f32",
       seq(("Linear", lin(5, 4)), ("ReLU", {}), ("Linear", lin(4, 2, bias=False))),
       "float32", [5], "an MLP on a 1-D input")
    sq("Sequential_forward_mismatch", seq(("Flatten", {}), ("Linear", lin(6, 2))), "float32",
       [2, 3, 4], "Flatten gives 12 features where the Linear takes 6", expect="forward",
       grads=False)
    # initialisation of trees: construction order consumes the generator
    for seed, dtype in ((0, "float32"), (9, "float64")):
        kids = [child("embed", "Embedding", emb(6, 3, padding_idx=1)),
                child("flatten", "Flatten", {}),
                child("mlp", S, {}, seq(("Linear", lin(12, 5)), ("ReLU", {}),
                                        ("Linear", lin(5, 2, bias=False)))),
                child("out", "Linear", lin(2, 1))]
        out.append(spec(f"Sequential_init_dense_named_seed{seed}_{dtype}", S, {}, dtype, None,
                        f"initialisation of a named, nested tree: torch.manual_seed({seed}); "
                        f"Embedding, then the inner Sequential's Linears, then the last Linear, "
                        f"drawn in construction order", grads=False, children=kids,
                        init_seed=seed))
    return out


def fl_args(start, end):
    return {"start_dim": start, "end_dim": end}


def groups():
    return {
        "dense_linear": linear_specs(),
        "dense_embedding": embedding_specs(),
        "dense_shape": shape_specs(),
        "dense_containers": container_specs(),
    }
