"""Case specifications for the normalisation family: BatchNorm1d, InstanceNorm1d, GroupNorm and
LayerNorm (issue 14). ``generate_cases.py`` finds this file by its name and writes each group of
``groups()`` under parity-tests/cases/<group>/.

Training-mode cases with running statistics record ``state_after`` (the buffers after the call);
``prepare`` gives the module non-trivial parameters and running statistics first (drawn from the
case's generator after the input, under no_grad) and, where it matters, a ``num_batches_tracked``
so that ``momentum=None`` (the cumulative average, factor 1 / num_batches_tracked) is exercised
past its first call. See ``specs_conv.spec`` for the keys of a specification.
"""
from specs_conv import spec

NAN, INF = float("nan"), float("inf")


def prep(weight=True, stats=True, tracked=None):
    """A ``prepare`` step: random weight/bias (weight around 1), running mean ~ N(0, 1), running
    variance in [0.5, 1.5), and ``num_batches_tracked`` set to ``tracked``."""

    def run(m, torch):
        done = []
        if weight and getattr(m, "weight", None) is not None:
            m.weight.copy_(1 + 0.5 * torch.randn(m.weight.shape, dtype=m.weight.dtype))
            done.append("weight = 1 + 0.5 * randn")
        if weight and getattr(m, "bias", None) is not None:
            m.bias.copy_(torch.randn(m.bias.shape, dtype=m.bias.dtype))
            done.append("bias = randn")
        if stats and getattr(m, "running_mean", None) is not None:
            m.running_mean.copy_(torch.randn(m.running_mean.shape, dtype=m.running_mean.dtype))
            m.running_var.copy_(0.5 + torch.rand(m.running_var.shape, dtype=m.running_var.dtype))
            done.append("running_mean = randn, running_var = 0.5 + rand")
        if tracked is not None and getattr(m, "num_batches_tracked", None) is not None:
            m.num_batches_tracked.fill_(tracked)
            done.append(f"num_batches_tracked = {tracked}")
        return "prepared (same generator, after the input, under no_grad): " + ", ".join(done)

    return run


def batchnorm_specs():
    B = "BatchNorm1d"
    out = []

    def b(name, args, dtype, shape, note, **extra):
        out.append(spec(name, B, args, dtype, shape, note, **extra))

    def train(name, args, dtype, shape, note, tracked=2, **extra):
        b(name, args, dtype, shape, "training mode: " + note, training=True, state_after=True,
          prepare=prep(tracked=tracked), **extra)

    def ev(name, args, dtype, shape, note, **extra):
        b(name, args, dtype, shape, "eval mode: " + note, training=False, state_after=True,
          prepare=prep(tracked=5), **extra)

    train("BatchNorm1d_train_3d_f32", {"num_features": 3}, "float32", [4, 3, 6],
          "batch statistics, running statistics updated with momentum 0.1 (unbiased variance)")
    train("BatchNorm1d_train_3d_f64", {"num_features": 3, "momentum": 0.25}, "float64",
          [3, 3, 5], "momentum 0.25")
    train("BatchNorm1d_train_2d_f32", {"num_features": 4}, "float32", [5, 4],
          "a (N, C) input")
    train("BatchNorm1d_train_2d_f64", {"num_features": 2, "eps": 1e-3, "momentum": 0.5},
          "float64", [6, 2], "(N, C), eps 1e-3, momentum 0.5")
    train("BatchNorm1d_train_momentum_none_f32", {"num_features": 3, "momentum": None}, "float32",
          [4, 3, 5], "momentum=None after 3 tracked batches: factor 1/4 (cumulative average)",
          tracked=3)
    train("BatchNorm1d_train_momentum_none_first_f64", {"num_features": 2, "momentum": None},
          "float64", [3, 2, 4], "momentum=None on the first batch: factor 1/1, the running "
          "statistics become the batch's", tracked=0)
    train("BatchNorm1d_train_momentum_none_2d_f64", {"num_features": 3, "momentum": None},
          "float64", [4, 3], "momentum=None after 9 tracked batches: factor 1/10", tracked=9)
    train("BatchNorm1d_train_momentum1_f32", {"num_features": 2, "momentum": 1.0}, "float32",
          [2, 2, 3], "momentum 1: the running statistics become the batch's")
    train("BatchNorm1d_train_N1_L2_f64", {"num_features": 3}, "float64", [1, 3, 2],
          "N = 1 with L = 2: two values per channel are enough")
    train("BatchNorm1d_train_N2_2d_f32", {"num_features": 3}, "float32", [2, 3],
          "two values per channel, the fewest training accepts")
    train("BatchNorm1d_train_noaffine_f32", {"num_features": 3, "affine": False}, "float32",
          [3, 3, 4], "affine=False (no weight, no bias)")
    train("BatchNorm1d_train_noaffine_f64", {"num_features": 4, "affine": False,
                                             "momentum": None}, "float64", [2, 4, 3],
          "affine=False, momentum=None", tracked=1)
    train("BatchNorm1d_train_notrack_f32", {"num_features": 3, "track_running_stats": False},
          "float32", [3, 3, 5], "track_running_stats=False: no buffers")
    train("BatchNorm1d_train_noaffine_notrack_f64",
          {"num_features": 2, "affine": False, "track_running_stats": False}, "float64",
          [4, 2, 3], "no parameters and no buffers")
    train("BatchNorm1d_train_constant_channel_f64", {"num_features": 2}, "float64", [2, 2, 3],
          "one channel constant (variance 0: the output is the bias, the gradient "
          "dy * w / sqrt(eps) minus its mean)",
          input_values=[1.5, 1.5, 1.5, 0.1, -0.4, 2.0, 1.5, 1.5, 1.5, 0.3, 0.0, -1.0])
    train("BatchNorm1d_train_nan_input_f32", {"num_features": 2}, "float32", [2, 2, 3],
          "a nan in channel 0: that channel's output, running statistics and gradients are nan",
          nonfinite={"input": {1: NAN}})
    train("BatchNorm1d_train_batch0_f32", {"num_features": 3}, "float32", [0, 3, 4],
          "an empty batch: num_batches_tracked still counts it, the statistics stay")
    train("BatchNorm1d_train_L0_f64", {"num_features": 2, "momentum": None}, "float64",
          [2, 2, 0], "no positions: an empty input", tracked=4)

    ev("BatchNorm1d_eval_3d_f32", {"num_features": 3}, "float32", [4, 3, 6],
       "normalised by the running statistics; backward is the affine map")
    ev("BatchNorm1d_eval_2d_f64", {"num_features": 4, "eps": 0.1}, "float64", [3, 4],
       "(N, C), eps 0.1")
    ev("BatchNorm1d_eval_N1_f32", {"num_features": 3}, "float32", [1, 3],
       "one value per channel is fine in eval mode (running statistics)")
    ev("BatchNorm1d_eval_N1_L1_f64", {"num_features": 2, "momentum": None}, "float64",
       [1, 2, 1], "one value per channel, eval, momentum=None")
    ev("BatchNorm1d_eval_noaffine_f64", {"num_features": 3, "affine": False}, "float64",
       [2, 3, 4], "affine=False")
    ev("BatchNorm1d_eval_notrack_f32", {"num_features": 3, "track_running_stats": False},
       "float32", [3, 3, 4], "track_running_stats=False: batch statistics in eval mode too")
    ev("BatchNorm1d_eval_noaffine_notrack_any_channels_f32",
       {"num_features": 3, "affine": False, "track_running_stats": False}, "float32", [2, 4, 5],
       "no weight and no running statistics: an input of 4 channels is accepted for "
       "num_features=3")

    def refuse(name, args, shape, note, expect="forward", dtype="float32", **extra):
        b(name, args, dtype, shape, note, grads=False, expect=expect, **extra)

    refuse("BatchNorm1d_refuse_N1_train", {"num_features": 3}, [1, 3],
           "training with one value per channel", training=True)
    refuse("BatchNorm1d_refuse_N1_L1_train", {"num_features": 3}, [1, 3, 1],
           "training with one value per channel, (N, C, L)", training=True, dtype="float64")
    refuse("BatchNorm1d_refuse_N1_notrack_eval", {"num_features": 3,
                                                  "track_running_stats": False}, [1, 3],
           "eval mode without running statistics uses the batch's: one value per channel is "
           "refused", training=False)
    refuse("BatchNorm1d_refuse_rank1", {"num_features": 3}, [3], "a rank-1 input")
    refuse("BatchNorm1d_refuse_rank4", {"num_features": 3}, [2, 3, 4, 5], "a rank-4 input")
    refuse("BatchNorm1d_refuse_channels", {"num_features": 3}, [2, 4, 5],
           "4 channels for num_features=3 (running_mean's size)")
    refuse("BatchNorm1d_refuse_channels_eval_2d", {"num_features": 3}, [2, 2],
           "2 channels for num_features=3, eval mode", training=False, dtype="float64")
    refuse("BatchNorm1d_refuse_channels_notrack", {"num_features": 3,
                                                   "track_running_stats": False}, [2, 4, 5],
           "4 channels for num_features=3 without running statistics (the weight's size)")
    refuse("BatchNorm1d_refuse_negative_features", {"num_features": -1}, [2, 3, 4],
           "num_features=-1: PyTorch cannot create the weight", expect="construct")
    refuse("BatchNorm1d_refuse_zero_features_affine", {"num_features": 0}, [2, 0, 5],
           "num_features=0 with a weight: libtorch scales the empty input by weight[0]")
    refuse("BatchNorm1d_refuse_load_running_mean", {"num_features": 3}, [2, 3, 4],
           "a running_mean of 4 values for num_features=3", expect="load_state_dict",
           load_state={"running_mean": [4]})

    b("BatchNorm1d_init_seed0", {"num_features": 4}, "float32", [2, 4, 3],
      "initial state: weight ones, bias zeros, running mean 0, running var 1, "
      "num_batches_tracked 0 (no draw)", init_seed=0)
    b("BatchNorm1d_init_noaffine_f64", {"num_features": 3, "affine": False}, "float64",
      [2, 3, 3], "initial state without affine parameters", init_seed=7)
    return out


def instancenorm_specs():
    I = "InstanceNorm1d"
    out = []

    def i(name, args, dtype, shape, note, **extra):
        out.append(spec(name, I, args, dtype, shape, note, **extra))

    i("InstanceNorm1d_default_f32", {"num_features": 3}, "float32", [2, 3, 6],
      "defaults: no affine, no running statistics")
    i("InstanceNorm1d_default_f64", {"num_features": 2}, "float64", [3, 2, 5], "defaults")
    i("InstanceNorm1d_unbatched_f32", {"num_features": 3}, "float32", [3, 5],
      "unbatched (C, L)")
    i("InstanceNorm1d_L2_f64", {"num_features": 2, "eps": 1e-3}, "float64", [2, 2, 2],
      "two positions per instance, eps 1e-3")
    i("InstanceNorm1d_affine_f32", {"num_features": 3, "affine": True}, "float32", [2, 3, 4],
      "affine=True", prepare=prep())
    i("InstanceNorm1d_affine_unbatched_f64", {"num_features": 2, "affine": True}, "float64",
      [2, 6], "affine=True, unbatched", prepare=prep())
    i("InstanceNorm1d_eval_notrack_f64", {"num_features": 3}, "float64", [2, 3, 4],
      "eval mode without running statistics: the input's statistics, as in training",
      training=False)
    i("InstanceNorm1d_channels_unchecked_f32", {"num_features": 3}, "float32", [2, 4, 5],
      "4 channels for num_features=3 without weight or running statistics: accepted "
      "(num_features is unused; PyTorch 2.x warns)")

    def track(name, args, dtype, shape, note, training=True, **extra):
        a = dict(args, track_running_stats=True)
        i(name, a, dtype, shape, ("training" if training else "eval") + " mode, running "
          "statistics: " + note, training=training, state_after=True,
          prepare=prep(tracked=3), **extra)

    track("InstanceNorm1d_track_train_f32", {"num_features": 3}, "float32", [4, 3, 5],
          "running statistics move by momentum 0.1 towards the batch's average per-instance "
          "statistics (unbiased variance); num_batches_tracked stays")
    track("InstanceNorm1d_track_train_affine_f64", {"num_features": 2, "affine": True,
                                                    "momentum": 0.3}, "float64", [3, 2, 4],
          "affine, momentum 0.3")
    track("InstanceNorm1d_track_train_unbatched_f32", {"num_features": 3, "momentum": 0.5},
          "float32", [3, 4], "unbatched, momentum 0.5")
    track("InstanceNorm1d_track_eval_f32", {"num_features": 3, "affine": True}, "float32",
          [2, 3, 5], "normalised by the running statistics; backward is the affine map",
          training=False)
    track("InstanceNorm1d_track_eval_unbatched_f64", {"num_features": 2}, "float64", [2, 5],
          "unbatched", training=False)
    track("InstanceNorm1d_track_eval_L1_f32", {"num_features": 3}, "float32", [2, 3, 1],
          "one position per instance is fine with running statistics in eval mode",
          training=False)
    track("InstanceNorm1d_track_train_batch0_f64", {"num_features": 2}, "float64", [0, 2, 3],
          "an empty batch: the running statistics become the average of no samples, nan")
    track("InstanceNorm1d_track_train_L0_f32", {"num_features": 2}, "float32", [2, 2, 0],
          "no positions: the running statistics stay")

    def refuse(name, args, shape, note, expect="forward", dtype="float32", **extra):
        i(name, args, dtype, shape, note, grads=False, expect=expect, **extra)

    refuse("InstanceNorm1d_refuse_L1_train", {"num_features": 3}, [2, 3, 1],
           "one position per instance, training")
    refuse("InstanceNorm1d_refuse_L1_eval_notrack", {"num_features": 3}, [2, 3, 1],
           "one position per instance, eval mode without running statistics", training=False)
    refuse("InstanceNorm1d_refuse_L1_unbatched", {"num_features": 3}, [3, 1],
           "unbatched, one position", dtype="float64")
    refuse("InstanceNorm1d_refuse_rank1", {"num_features": 3}, [3], "a rank-1 input")
    refuse("InstanceNorm1d_refuse_rank4", {"num_features": 3}, [2, 3, 4, 5], "a rank-4 input")
    refuse("InstanceNorm1d_refuse_momentum_none", {"num_features": 3, "momentum": None},
           [2, 3, 4], "momentum=None is accepted at construction, refused by instance_norm")
    refuse("InstanceNorm1d_refuse_channels_affine", {"num_features": 3, "affine": True},
           [2, 4, 5], "4 channels for num_features=3 with a weight")
    refuse("InstanceNorm1d_refuse_channels_track", {"num_features": 3,
                                                    "track_running_stats": True},
           [2, 4, 5], "4 channels for num_features=3 with running statistics")
    refuse("InstanceNorm1d_refuse_batch0_affine", {"num_features": 3, "affine": True},
           [0, 3, 4], "an empty batch with a weight: libtorch scales it by weight[0] of an "
           "empty repeated weight")
    refuse("InstanceNorm1d_refuse_negative_features", {"num_features": -2, "affine": True},
           [2, 3, 4], "num_features=-2 with a weight", expect="construct")

    i("InstanceNorm1d_init_affine_track", {"num_features": 3, "affine": True,
                                           "track_running_stats": True}, "float32", [2, 3, 4],
      "initial state of every parameter and buffer", init_seed=3)
    return out


def groupnorm_specs():
    G = "GroupNorm"
    out = []

    def g(name, args, dtype, shape, note, **extra):
        out.append(spec(name, G, args, dtype, shape, note, **extra))

    def ga(groups, channels, **kw):
        return dict({"num_groups": groups, "num_channels": channels}, **kw)

    g("GroupNorm_g2_c4_f32", ga(2, 4), "float32", [2, 4, 5], "2 groups of 2 channels",
      prepare=prep())
    g("GroupNorm_g2_c6_f64", ga(2, 6), "float64", [3, 6, 4], "2 groups of 3 channels",
      prepare=prep())
    g("GroupNorm_g1_c3_f32", ga(1, 3), "float32", [2, 3, 4],
      "one group: each sample normalised over all its channels and positions", prepare=prep())
    g("GroupNorm_g1_rank2_f64", ga(1, 5), "float64", [3, 5],
      "one group on (N, C): each sample normalised over its channels", prepare=prep())
    g("GroupNorm_g1_rank4_f32", ga(1, 4), "float32", [2, 4, 3, 2],
      "one group on (N, C, H, W): normalised over (C, H, W), the affine per channel",
      prepare=prep())
    g("GroupNorm_g3_c3_f64", ga(3, 3), "float64", [2, 3, 6],
      "one channel per group (wav2vec2's feature encoder: GroupNorm(C, C))", prepare=prep())
    g("GroupNorm_rank2_f32", ga(2, 4), "float32", [3, 4], "(N, C): no positions",
      prepare=prep())
    g("GroupNorm_rank4_f64", ga(2, 4), "float64", [2, 4, 3, 2], "(N, C, H, W)",
      prepare=prep())
    g("GroupNorm_noaffine_f32", ga(2, 4, affine=False), "float32", [2, 4, 3], "affine=False")
    g("GroupNorm_eps_f64", ga(1, 2, eps=0.1), "float64", [3, 2, 3], "eps 0.1", prepare=prep())
    g("GroupNorm_eval_f32", ga(2, 4), "float32", [2, 4, 5],
      "eval mode: the same computation", training=False, prepare=prep())
    g("GroupNorm_N1_f64", ga(2, 2), "float64", [1, 2, 3], "a batch of one", prepare=prep())
    g("GroupNorm_noaffine_other_channels_f32", ga(2, 4, affine=False), "float32", [2, 6, 5],
      "no weight: 6 channels for num_channels=4 are accepted (the groups divide them)")
    g("GroupNorm_batch0_f32", ga(2, 4), "float32", [0, 4, 3], "an empty batch")
    g("GroupNorm_inf_input_f64", ga(2, 4), "float64", [2, 4, 3],
      "an inf in one group: that group's outputs and gradients are nan",
      nonfinite={"input": {2: INF}})

    def refuse(name, args, shape, note, expect="forward", dtype="float32", **extra):
        g(name, args, dtype, shape, note, grads=False, expect=expect, **extra)

    refuse("GroupNorm_refuse_not_divisible", ga(3, 4), [2, 4, 5],
           "num_channels 4 not divisible by num_groups 3", expect="construct")
    refuse("GroupNorm_refuse_zero_groups", ga(0, 4), [2, 4, 5], "num_groups 0",
           expect="construct")
    refuse("GroupNorm_refuse_negative_channels", ga(2, -4), [2, 4, 5],
           "num_channels -4 (divisible by 2 in Python, but the weight cannot be created)",
           expect="construct")
    refuse("GroupNorm_refuse_negative_groups", ga(-2, 4), [2, 4, 3],
           "num_groups -2 divides 4 in Python: refused at forward")
    refuse("GroupNorm_refuse_channels", ga(2, 4), [2, 6, 5],
           "6 channels for num_channels=4 with a weight")
    refuse("GroupNorm_refuse_channels_not_divisible", ga(2, 4, affine=False), [2, 5, 5],
           "5 channels not divisible by 2 groups")
    refuse("GroupNorm_refuse_rank1", ga(2, 4), [4], "a rank-1 input", dtype="float64")
    refuse("GroupNorm_refuse_one_value_per_group", ga(4, 4), [1, 4, 1],
           "one value per group (F.group_norm's batch-size check)")
    refuse("GroupNorm_refuse_one_value_per_group_2d", ga(2, 2), [1, 2],
           "(N, C) with one value per group")

    g("GroupNorm_init_seed1", ga(2, 4), "float32", [2, 4, 3], "initial weight and bias",
      init_seed=1)
    return out


def layernorm_specs():
    L = "LayerNorm"
    out = []

    def ln(name, args, dtype, shape, note, **extra):
        out.append(spec(name, L, args, dtype, shape, note, **extra))

    ln("LayerNorm_int_f32", {"normalized_shape": 5}, "float32", [2, 3, 5],
       "normalized_shape as an int: the last dimension", prepare=prep())
    ln("LayerNorm_list_f64", {"normalized_shape": [3, 5]}, "float64", [2, 3, 5],
       "normalized_shape [3, 5]: the last two dimensions", prepare=prep())
    ln("LayerNorm_list1_f32", {"normalized_shape": [4]}, "float32", [3, 4],
       "normalized_shape [4] on (N, 4)", prepare=prep())
    ln("LayerNorm_unbatched_f64", {"normalized_shape": 6}, "float64", [6],
       "a rank-1 input, one row", prepare=prep())
    ln("LayerNorm_noaffine_f32", {"normalized_shape": 4, "elementwise_affine": False},
       "float32", [2, 3, 4], "elementwise_affine=False")
    ln("LayerNorm_noaffine_list_f64", {"normalized_shape": [2, 3],
                                       "elementwise_affine": False, "eps": 1e-3},
       "float64", [4, 2, 3], "elementwise_affine=False, eps 1e-3")
    ln("LayerNorm_rank4_f32", {"normalized_shape": [4]}, "float32", [2, 2, 3, 4],
       "two leading dimensions", prepare=prep())
    ln("LayerNorm_eval_f64", {"normalized_shape": 5}, "float64", [3, 5],
       "eval mode: the same computation", training=False, prepare=prep())
    ln("LayerNorm_size1_f64", {"normalized_shape": 1}, "float64", [3, 1],
       "one value per row: the output is the bias", prepare=prep())
    ln("LayerNorm_batch0_f32", {"normalized_shape": 5}, "float32", [0, 5], "no rows")
    ln("LayerNorm_transposed_channels_f32", {"normalized_shape": 3, "eps": 1e-6}, "float32",
       [2, 7, 3], "channels last (a Conv-TasNet-style block normalises (N, L, C)), eps 1e-6",
       prepare=prep())
    ln("LayerNorm_nan_input_f32", {"normalized_shape": 4}, "float32", [3, 4],
       "a nan in row 1: that row is nan", nonfinite={"input": {5: NAN}}, prepare=prep())

    def refuse(name, args, shape, note, expect="forward", dtype="float32", **extra):
        ln(name, args, dtype, shape, note, grads=False, expect=expect, **extra)

    refuse("LayerNorm_refuse_shape", {"normalized_shape": 5}, [2, 4],
           "the last dimension is 4, not 5")
    refuse("LayerNorm_refuse_list_shape", {"normalized_shape": [3, 5]}, [2, 4, 5],
           "the last two dimensions are [4, 5], not [3, 5]", dtype="float64")
    refuse("LayerNorm_refuse_rank", {"normalized_shape": [3, 5]}, [5],
           "fewer dimensions than normalized_shape")
    refuse("LayerNorm_refuse_noaffine_shape", {"normalized_shape": 5,
                                               "elementwise_affine": False}, [2, 4],
           "the shape is checked without a weight too")
    refuse("LayerNorm_refuse_empty_shape", {"normalized_shape": []}, [3],
           "normalized_shape=[] constructs but every forward is refused")
    refuse("LayerNorm_refuse_negative", {"normalized_shape": [2, -1]}, [2, 2],
           "a negative size: PyTorch cannot create the weight", expect="construct")

    ln("LayerNorm_init_seed2", {"normalized_shape": [2, 3]}, "float32", [2, 3],
       "initial weight and bias", init_seed=2)
    ln("LayerNorm_init_noaffine_f64", {"normalized_shape": 4, "elementwise_affine": False},
       "float64", [4], "no parameters", init_seed=2)
    return out


def groups():
    return {
        "norm_batchnorm": batchnorm_specs(),
        "norm_instancenorm": instancenorm_specs(),
        "norm_groupnorm": groupnorm_specs(),
        "norm_layernorm": layernorm_specs(),
    }
