#!/usr/bin/env python3
"""Record every leaf-module call of a PyTorch model as parity cases that torch-parity replays.

Copy this one file into your own environment; it needs only ``torch`` (numpy is used when present,
to write tensors faster). Command line::

    python record_model.py --model my_model.py:build --input-shape 2,1,16000 --out rec/ \\
        [--dtype float32|float64] [--eval] [--seed N] [--grad] [--name NAME] [--int-input HIGH]

``build`` is a zero-argument function in ``my_model.py`` that returns the model; the input is
``torch.randn(shape)`` from its own generator seeded with ``--seed`` (``torch.randint(0, HIGH)``
with ``--int-input``, for a model that starts with an ``Embedding``). From Python::

    from record_model import record
    record(model, x, "rec/", name="my_model", grad=True)

What it writes into the output folder (``torch-parity-case/2``, see parity-case-format.md):

* ``<name>.safetensors``: the model's full ``state_dict()`` as it was before the forward pass,
  under PyTorch's qualified keys (``encoder.conv1.weight``);
* ``<name>_tensors.safetensors``: every other tensor (inputs, outputs, gradients, and states that
  changed during the pass), each distinct tensor once; plus, last and always, the whole model's
  call: ``model.input`` and ``model.output`` (``model.inputs.<i>`` / ``model.outputs.<i>`` when
  there are several), which ``check --torchscript`` compares a traced export with;
* ``<name>_<call>_<path>.json``: one case per leaf-module call, in execution order (``call``),
  with the module's qualified name (``path``), its class, its constructor arguments read back
  from its attributes, its state before the call (by reference into ``<name>.safetensors``: the
  case's key ``weight`` is the file's key ``encoder.conv1.weight``), its input and output, its
  mode, the buffers after the call when the call changed them, and with ``--grad`` the gradients
  of that call computed in isolation (so that every case stands alone);
* ``<name>_block_<path>.json`` / ``<name>_model.json``: a ``Sequential`` built only of modules
  torch-parity knows, called as a whole, as one case (the whole model when it is one).

A leaf is a module whose call ran no other module. A leaf whose class is not in the table below
(your own class, a subclass of a torch class, a torch module torch-parity does not implement) is
recorded under its class name with ``args`` ``{}``, so that ``check`` skips it by name. A layer
under ``torch.nn.utils.weight_norm`` is recorded with the ``weight`` its forward used (no gradients
for it: PyTorch's are with respect to ``weight_g`` and ``weight_v``). The model
is left as it was found: hooks removed, every module's mode, every parameter and buffer, the
``.grad`` fields (gradients are taken with ``torch.autograd.grad``) and the global RNG restored.
"""
import argparse
import hashlib
import importlib.util
import json
import math
import os
import struct
import sys
import time
from collections import OrderedDict

import torch
from torch import nn

FORMAT = "torch-parity-case/2"
# The key order of the format (caselib.KEY_ORDER), one top-level key per line.
KEY_ORDER = [
    "format", "name", "source", "torch_version", "model", "path", "call",
    "module", "args", "children", "dtype", "training",
    "state", "input", "inputs", "output", "outputs", "state_after",
    "grad_output", "grad_outputs", "grad_input", "grad_inputs", "grads",
    "init_seed", "forward_seed", "error", "stage",
]
SAFETENSORS_DTYPE = {torch.float32: "F32", torch.float64: "F64", torch.float16: "F16",
                     torch.bfloat16: "BF16", torch.int64: "I64", torch.bool: "BOOL"}
CASE_DTYPES = {torch.float32: "float32", torch.float64: "float64", torch.float16: "float16",
               torch.bfloat16: "bfloat16"}
# Modules that draw random numbers in training mode: the recorder seeds them (forward_seed).
RANDOM_IN_TRAINING = ("Dropout",)


# ------------------------------------------------------------------------------------------------
# constructor arguments, read back from a module's attributes
# ------------------------------------------------------------------------------------------------

def _one(v):
    """A 1-D tuple argument as its scalar (PyTorch accepts both); other tuples as lists."""
    if isinstance(v, (tuple, list)):
        return v[0] if len(v) == 1 else [_one(x) for x in v]
    return v


def _conv(m, transposed):
    args = {"in_channels": m.in_channels, "out_channels": m.out_channels,
            "kernel_size": _one(m.kernel_size), "stride": _one(m.stride),
            "padding": m.padding if isinstance(m.padding, str) else _one(m.padding)}
    if transposed:
        args["output_padding"] = _one(m.output_padding)
    args.update(groups=m.groups, bias=m.bias is not None, dilation=_one(m.dilation),
                padding_mode=m.padding_mode)
    return args


def _attrs(*names, inplace=False):
    def read(m):
        out = {n: _one(getattr(m, n)) for n in names}
        if inplace:
            out["inplace"] = m.inplace
        return out
    return read


def _layer_norm(m):
    args = {"normalized_shape": list(m.normalized_shape), "eps": m.eps,
            "elementwise_affine": m.elementwise_affine}
    if m.elementwise_affine and getattr(m, "bias", True) is None:
        args["bias"] = False  # PyTorch 2.1+ only
    return args


def _upsample(m):
    args = {"size": _one(m.size), "scale_factor": _one(m.scale_factor), "mode": m.mode,
            "align_corners": m.align_corners}
    if getattr(m, "recompute_scale_factor", None) is not None:
        args["recompute_scale_factor"] = m.recompute_scale_factor
    return args


# class -> how to read its constructor keywords (PyTorch's names). Exact classes only: a subclass
# may change forward, so it is recorded under its own name and skipped.
ARGS = {
    nn.Conv1d: lambda m: _conv(m, False),
    nn.ConvTranspose1d: lambda m: _conv(m, True),
    nn.Linear: lambda m: {"in_features": m.in_features, "out_features": m.out_features,
                          "bias": m.bias is not None},
    nn.Embedding: _attrs("num_embeddings", "embedding_dim", "padding_idx", "max_norm",
                         "norm_type", "scale_grad_by_freq", "sparse"),
    nn.Identity: lambda m: {},
    nn.Flatten: _attrs("start_dim", "end_dim"),
    nn.Unflatten: lambda m: {"dim": m.dim, "unflattened_size": list(m.unflattened_size)},
    nn.BatchNorm1d: _attrs("num_features", "eps", "momentum", "affine", "track_running_stats"),
    nn.InstanceNorm1d: _attrs("num_features", "eps", "momentum", "affine",
                              "track_running_stats"),
    nn.GroupNorm: _attrs("num_groups", "num_channels", "eps", "affine"),
    nn.LayerNorm: _layer_norm,
    nn.ReLU: _attrs(inplace=True),
    nn.ReLU6: _attrs(inplace=True),
    nn.LeakyReLU: _attrs("negative_slope", inplace=True),
    nn.PReLU: lambda m: {"num_parameters": m.num_parameters},
    nn.Hardtanh: _attrs("min_val", "max_val", inplace=True),
    nn.ELU: _attrs("alpha", inplace=True),
    nn.SELU: _attrs(inplace=True),
    nn.CELU: _attrs("alpha", inplace=True),
    nn.GELU: _attrs("approximate"),
    nn.SiLU: _attrs(inplace=True),
    nn.Mish: _attrs(inplace=True),
    nn.Hardswish: _attrs(inplace=True),
    nn.Hardsigmoid: _attrs(inplace=True),
    nn.Tanh: lambda m: {},
    nn.Sigmoid: lambda m: {},
    nn.Softplus: _attrs("beta", "threshold"),
    nn.Softsign: lambda m: {},
    nn.Softmax: _attrs("dim"),
    nn.LogSoftmax: _attrs("dim"),
    nn.MaxPool1d: _attrs("kernel_size", "stride", "padding", "dilation", "return_indices",
                         "ceil_mode"),
    nn.AvgPool1d: _attrs("kernel_size", "stride", "padding", "ceil_mode", "count_include_pad"),
    nn.AdaptiveAvgPool1d: _attrs("output_size"),
    nn.AdaptiveMaxPool1d: _attrs("output_size", "return_indices"),
    nn.LPPool1d: _attrs("norm_type", "kernel_size", "stride", "ceil_mode"),
    nn.ConstantPad1d: _attrs("padding", "value"),
    nn.ReflectionPad1d: _attrs("padding"),
    nn.ReplicationPad1d: _attrs("padding"),
    nn.Upsample: _upsample,
    nn.Dropout: _attrs("p", inplace=True),
}


def _json_value(v):
    """An argument as JSON: tuples as lists, non-finite floats as "nan" / "inf" / "-inf"."""
    if isinstance(v, float) and not math.isfinite(v):
        return "nan" if math.isnan(v) else ("inf" if v > 0 else "-inf")
    if isinstance(v, (list, tuple)):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    return v


def describe(m):
    """(class name, constructor keywords or None when the recorder cannot describe the class)."""
    reader = ARGS.get(type(m))
    if reader is None:
        return type(m).__name__, None
    return type(m).__name__, {k: _json_value(v) for k, v in reader(m).items()}


def tree(m):
    """``{"module", "args", "children"}`` of a Sequential made only of known modules, else None."""
    name, args = describe(m)
    if type(m) is nn.Sequential:
        children = []
        for child_name, child in m.named_children():
            sub = tree(child)
            if sub is None:
                return None
            children.append(OrderedDict([("name", child_name)] + list(sub.items())))
        return OrderedDict([("module", "Sequential"), ("args", {}), ("children", children)])
    if args is None or list(m.children()):
        return None
    return OrderedDict([("module", name), ("args", args)])


# ------------------------------------------------------------------------------------------------
# files
# ------------------------------------------------------------------------------------------------

def _raw_bytes(t):
    t = t.detach().cpu().contiguous().reshape(-1)
    if t.dtype == torch.bool:
        t = t.to(torch.uint8)
    if sys.byteorder != "little":
        raise RuntimeError("safetensors are little-endian; this writer runs on little-endian hosts")
    try:
        import numpy  # noqa: F401  (optional: faster)
        if t.dtype != torch.bfloat16:
            return t.numpy().tobytes()
    except ImportError:
        pass
    return bytes(t.view(torch.uint8).tolist()) if t.numel() else b""


def write_safetensors(path, tensors, metadata=None):
    """Writes ``{key: tensor}`` as a ``.safetensors`` file (8-byte header length, JSON header,
    data), the published layout."""
    header = OrderedDict()
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs, offset = [], 0
    for key, t in tensors.items():
        if t.dtype not in SAFETENSORS_DTYPE:
            raise ValueError(f"{key}: dtype {t.dtype} cannot be written to safetensors here")
        raw = _raw_bytes(t)
        header[key] = {"dtype": SAFETENSORS_DTYPE[t.dtype], "shape": list(t.shape),
                       "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    encoded = json.dumps(header, separators=(",", ":")).encode("utf-8")
    encoded += b" " * (-len(encoded) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(encoded)))
        f.write(encoded)
        for b in blobs:
            f.write(b)


def dump_case(case):
    """One top-level key per line, in the format's order; values compact JSON."""
    keys = [k for k in KEY_ORDER if k in case]
    unknown = set(case) - set(keys)
    assert not unknown, f"keys outside the format: {sorted(unknown)}"
    lines = [f"{json.dumps(k)}: {json.dumps(case[k], separators=(',', ':'), allow_nan=False)}"
             for k in keys]
    return "{\n" + ",\n".join(lines) + "\n}\n"


class _TensorStore:
    """The recording's tensors file: each distinct tensor (dtype, shape, bytes) stored once."""

    def __init__(self, file_name):
        self.file_name = file_name
        self.tensors = OrderedDict()
        self.by_digest = {}

    def ref(self, key, t):
        t = t.detach().cpu()
        digest = hashlib.sha256(str(t.dtype).encode() + str(list(t.shape)).encode()
                                + _raw_bytes(t)).hexdigest()
        if digest not in self.by_digest:
            self.by_digest[digest] = key
            self.tensors[key] = t.clone()
        return {"file": self.file_name, "key": self.by_digest[digest]}


# ------------------------------------------------------------------------------------------------
# recording
# ------------------------------------------------------------------------------------------------

def _tensors_in(value):
    """The tensors in a (nested) tuple / list / dict, in order."""
    if isinstance(value, torch.Tensor):
        return [value]
    if isinstance(value, (tuple, list)):
        return [t for v in value for t in _tensors_in(v)]
    if isinstance(value, dict):
        return [t for v in value.values() for t in _tensors_in(v)]
    return []


def _clone_state(module):
    return OrderedDict((k, v.detach().clone()) for k, v in module.state_dict().items())


def _weight_norm_pairs(module):
    """``[(name, name_g, name_v)]`` for each tensor ``torch.nn.utils.weight_norm`` computes on
    ``module`` before its forward from ``name_g`` and ``name_v``."""
    own = module._parameters
    return [(n[:-2], n, n[:-2] + "_v") for n in own
            if n.endswith("_g") and n[:-2] + "_v" in own
            and isinstance(getattr(module, n[:-2], None), torch.Tensor)]


def _leaf_state(module):
    """A leaf's state as its class has it: under ``weight_norm``, the ``weight`` the forward
    used (computed by weight_norm's own hook, which ran before the recorder's) in place of
    ``weight_g`` / ``weight_v``."""
    state = _clone_state(module)
    for name, g, v in _weight_norm_pairs(module):
        state = OrderedDict((name if k == g else k, getattr(module, name).detach().clone()
                             if k == g else t) for k, t in state.items() if k != v)
    return state


def _put_state(module, state):
    """Copies ``state`` into the module's own parameters and buffers, in place."""
    live = module.state_dict(keep_vars=True)
    with torch.no_grad():
        for k, v in state.items():
            live[k].copy_(v)


def _same(a, b):
    return a.dtype == b.dtype and a.shape == b.shape and torch.equal(a, b)


def _case_dtype(module, inputs, outputs):
    for t in list(module.parameters()) + list(inputs) + list(outputs):
        if t.dtype in CASE_DTYPES:
            return CASE_DTYPES[t.dtype]
    return "float32"


def _file_stem(text):
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in text).replace(".", "_")


class _Call:
    def __init__(self, path, module, inputs):
        self.path, self.module, self.inputs = path, module, inputs
        self.nested = False
        # a leaf's state, and a Sequential's (a block case), as they were before the call
        self.state = (_clone_state(module) if type(module) is nn.Sequential
                      else _leaf_state(module) if not list(module.children()) else None)
        self.reparametrized = bool(_weight_norm_pairs(module))
        self.seed = None
        self.outputs = None
        self.state_after = None


def _replayable_block(module):
    """A Sequential of known modules, all in one mode: replayable end to end as one case."""
    return (type(module) is nn.Sequential and tree(module) is not None
            and len({m.training for m in module.modules()}) == 1
            and not any(_weight_norm_pairs(m) for m in module.modules()))


def record(model, inputs, out_dir, name="model", grad=False, seed=0, source=None):
    """Records ``model(*inputs)`` into ``out_dir`` (see the module's doc) and returns a summary:
    ``{"calls", "blocks", "unknown": {class: count}, "files", "seconds"}``.

    ``inputs`` is a tensor or a tuple of tensors; ``grad`` also records gradients, each call's in
    isolation (``grad_output`` is ``torch.randn`` from a generator seeded with ``seed + call``);
    ``seed`` also gives the ``forward_seed`` of random modules in training mode.
    """
    started = time.perf_counter()
    if isinstance(inputs, torch.Tensor):
        inputs = (inputs,)
    inputs = tuple(inputs)
    state_file = f"{name}.safetensors"
    store = _TensorStore(f"{name}_tensors.safetensors")

    modes = [(m, m.training) for m in model.modules()]
    rng = torch.get_rng_state()
    cuda_rng = torch.cuda.get_rng_state_all() if torch.cuda.is_available() else None
    state0 = _clone_state(model)
    grads_before = [(p, p.grad) for p in model.parameters()]
    paths = OrderedDict()
    for path, m in model.named_modules():
        paths.setdefault(m, path)
    stack, leaves, blocks, handles = [], [], [], []

    def pre(module, args):
        if stack:
            stack[-1].nested = True
        call = _Call(paths[module], module, [t.detach().clone() for t in _tensors_in(args)])
        if (type(module).__name__ in RANDOM_IN_TRAINING and module.training
                and not list(module.children())):
            call.seed = seed + len(leaves)
            torch.manual_seed(call.seed)
        stack.append(call)

    def post(module, args, output):
        call = stack.pop()
        assert call.module is module, "module calls did not nest"
        call.outputs = [t.detach().clone() for t in _tensors_in(output)]
        if not call.nested:
            if call.state is None:
                call.state = _leaf_state(module)
            after = _leaf_state(module)
            if any(not _same(after[k], call.state[k]) for k in after):
                params = dict(module.named_parameters())
                call.state_after = OrderedDict((k, v) for k, v in after.items() if k not in params)
            leaves.append(call)
        elif _replayable_block(module) and len(call.inputs) == 1:
            blocks.append(call)

    try:
        try:
            for m in paths:
                handles.append(m.register_forward_pre_hook(pre))
                handles.append(m.register_forward_hook(post))
            with torch.no_grad():
                whole_out = _tensors_in(model(*inputs))
        finally:
            for h in handles:
                h.remove()
        cases = []
        width = max(3, len(str(max(len(leaves) - 1, 0))))
        for i, call in enumerate(leaves):
            cases.append(_leaf_case(call, i, width, name, state0, state_file, store, grad, seed))
        names = {}
        for b in blocks:
            case = _block_case(b, name, state0, state_file, store, grad, seed)
            names[case[0]["name"]] = names.get(case[0]["name"], 0) + 1
            if names[case[0]["name"]] > 1:
                case[0]["name"] += f"_{names[case[0]['name']]}"
            cases.append(case)
        # the whole model's input and output, under fixed keys (not shared with the cases, so
        # that a TorchScript export can be checked against them: check --torchscript)
        for slot, ts in (("input", inputs), ("output", whole_out)):
            for i, t in enumerate(ts):
                key = f"model.{slot}" if len(ts) == 1 else f"model.{slot}s.{i}"
                store.tensors[key] = t.detach().cpu().clone()
    finally:
        _put_state(model, state0)
        for m, training in modes:
            m.training = training
        torch.set_rng_state(rng)
        if cuda_rng is not None:
            torch.cuda.set_rng_state_all(cuda_rng)
    for p, g in grads_before:
        assert p.grad is g, "a gradient was left behind"

    os.makedirs(out_dir, exist_ok=True)
    for old in os.listdir(out_dir):
        if (old.startswith(name + "_") and old.endswith(".json")) or old in (
                state_file, store.file_name):
            os.remove(os.path.join(out_dir, old))
    meta = {"recorded_by": "record_model.py", "torch_version": torch.__version__}
    write_safetensors(os.path.join(out_dir, state_file), state0, meta)
    write_safetensors(os.path.join(out_dir, store.file_name), store.tensors, meta)
    where = source or f"{type(model).__name__} called on inputs of shape " + ", ".join(
        str(list(t.shape)) for t in inputs)
    files = [state_file, store.file_name]
    for case, what in cases:
        case["source"] = f"recorded by record_model.py with forward hooks from {where}; {what}"
        fname = case["name"] + ".json"
        with open(os.path.join(out_dir, fname), "w", encoding="utf-8") as f:
            f.write(dump_case(case))
        files.append(fname)
    unknown = OrderedDict()
    for call in leaves:
        if describe(call.module)[1] is None:
            cls = type(call.module).__name__
            unknown[cls] = unknown.get(cls, 0) + 1
    return {"calls": len(leaves), "blocks": len(blocks), "unknown": unknown, "files": files,
            "seconds": time.perf_counter() - started}


def _state_refs(call, name_prefix, state0, state_file, store, key_prefix):
    """The case's ``state``: by reference into the state file where the tensor is unchanged since
    the start of the pass, else into the tensors file."""
    refs = OrderedDict()
    for k, v in call.state.items():
        qualified = name_prefix + k
        if qualified in state0 and _same(state0[qualified], v):
            refs[k] = {"file": state_file, "key": qualified}
        else:
            refs[k] = store.ref(f"{key_prefix}.state.{k}", v)
    return refs


def _isolated(module, state, inputs, forward_seed, grad, grad_seed):
    """Runs ``module`` alone from ``state`` on a copy of ``inputs``: (outputs, state after,
    gradients or None). Gradients come from ``torch.autograd.grad``; no ``.grad`` is touched."""
    _put_state(module, state)
    xs = [x.clone().requires_grad_(grad and x.is_floating_point()) for x in inputs]
    if forward_seed is not None:
        torch.manual_seed(forward_seed)
    with torch.set_grad_enabled(grad):
        # a copy of each input goes in, so that an in-place module does not write to a leaf
        out = module(*[x.clone() if x.requires_grad else x for x in xs])
    outs = _tensors_in(out)
    after = _clone_state(module)
    grads = None
    if grad and outs and outs[0].is_floating_point() and outs[0].requires_grad and all(
            not o.is_floating_point() for o in outs[1:]):
        g = torch.Generator().manual_seed(grad_seed)
        grad_output = torch.randn(outs[0].shape, generator=g, dtype=outs[0].dtype)
        wrt_inputs = [x for x in xs if x.requires_grad]
        params = [(k, p) for k, p in module.named_parameters() if p.requires_grad]
        found = torch.autograd.grad([outs[0]], wrt_inputs + [p for _, p in params],
                                    [grad_output], allow_unused=True)
        grads = {"grad_output": grad_output,
                 "grad_input": found[0] if wrt_inputs else None,
                 "grads": OrderedDict((k, g if g is not None else torch.zeros_like(p))
                                      for (k, p), g in zip(params, found[len(wrt_inputs):]))}
    return [o.detach() for o in outs], after, grads


def _tensor_slots(case, key_prefix, store, inputs, outputs, grads):
    if len(inputs) == 1:
        case["input"] = store.ref(f"{key_prefix}.input", inputs[0])
    else:
        case["inputs"] = [store.ref(f"{key_prefix}.inputs.{i}", t) for i, t in enumerate(inputs)]
    if len(outputs) == 1:
        case["output"] = store.ref(f"{key_prefix}.output", outputs[0])
    else:
        case["outputs"] = [store.ref(f"{key_prefix}.outputs.{i}", t)
                           for i, t in enumerate(outputs)]
    if grads is not None:
        case["grad_output"] = store.ref(f"{key_prefix}.grad_output", grads["grad_output"])
        if grads["grad_input"] is not None:
            case["grad_input"] = store.ref(f"{key_prefix}.grad_input", grads["grad_input"])
        if grads["grads"]:
            case["grads"] = OrderedDict((k, store.ref(f"{key_prefix}.grads.{k}", g))
                                        for k, g in grads["grads"].items())


def _leaf_case(call, index, width, name, state0, state_file, store, grad, seed):
    module_name, args = describe(call.module)
    prefix = call.path + "." if call.path else ""
    key_prefix = f"{index:0{width}d}"
    case = OrderedDict()
    case["format"] = FORMAT
    case["name"] = f"{name}_{key_prefix}_{_file_stem(call.path) or 'root'}"
    case["torch_version"] = torch.__version__
    case["model"] = name
    case["path"] = call.path
    case["call"] = index
    case["module"] = module_name
    case["args"] = args if args is not None else {}
    case["dtype"] = _case_dtype(call.module, call.inputs, call.outputs)
    case["training"] = call.module.training
    if call.state:
        case["state"] = _state_refs(call, prefix, state0, state_file, store, key_prefix)
    grads = None
    if grad and args is not None and not call.reparametrized:
        _, _, grads = _isolated(call.module, call.state, call.inputs, call.seed, True,
                                seed + index)
    _tensor_slots(case, key_prefix, store, call.inputs, call.outputs, grads)
    if call.state_after:
        case["state_after"] = OrderedDict((k, store.ref(f"{key_prefix}.state_after.{k}", v))
                                          for k, v in call.state_after.items())
    if call.seed is not None:
        case["forward_seed"] = call.seed
    what = f"leaf-module call {index}: {call.path or '(the model itself)'}"
    if call.reparametrized:
        what += (" under torch.nn.utils.weight_norm: the state holds the weight its forward used"
                 " (no gradients recorded: PyTorch's are with respect to weight_g and weight_v)")
    if args is None:
        what += (f" is a {type(call.module).__module__}.{type(call.module).__qualname__} the "
                 f"recorder cannot describe (recorded with args {{}})")
    return case, what


def _block_case(b, name, state0, state_file, store, grad, seed):
    t = tree(b.module)
    random = any(type(m).__name__ in RANDOM_IN_TRAINING and m.training
                 for m in b.module.modules())
    forward_seed = seed if random else None
    label = _file_stem(b.path) or "model"
    key_prefix = f"block.{b.path or 'model'}"
    # the block again, alone: its output (with one forward_seed), buffers after, gradients
    outs, after, grads = _isolated(b.module, b.state, b.inputs, forward_seed, grad, seed)
    case = OrderedDict()
    case["format"] = FORMAT
    case["name"] = f"{name}_model" if not b.path else f"{name}_block_{label}"
    case["torch_version"] = torch.__version__
    case["model"] = name
    case["path"] = b.path
    case["module"] = "Sequential"
    case["args"] = {}
    case["children"] = t["children"]
    case["dtype"] = _case_dtype(b.module, b.inputs, outs)
    case["training"] = b.module.training
    prefix = b.path + "." if b.path else ""
    if b.state:
        case["state"] = _state_refs(b, prefix, state0, state_file, store, key_prefix)
    _tensor_slots(case, key_prefix, store, b.inputs, outs, grads)
    params = dict(b.module.named_parameters())
    changed = OrderedDict((k, v) for k, v in after.items()
                          if k not in params and not _same(v, b.state[k]))
    if changed:
        case["state_after"] = OrderedDict(
            (k, store.ref(f"{key_prefix}.state_after.{k}", after[k]))
            for k in after if k not in params)
    if forward_seed is not None:
        case["forward_seed"] = forward_seed
    what = ("the whole model, a Sequential of modules torch-parity knows, replayed end to end"
            if not b.path else f"the Sequential {b.path} as a whole, replayed end to end")
    return case, what


# ------------------------------------------------------------------------------------------------
# command line
# ------------------------------------------------------------------------------------------------

def _load_factory(spec):
    file, sep, factory = spec.rpartition(":")
    if not sep or not file or not factory:
        raise SystemExit(f"--model: expected FILE.py:FACTORY but found {spec!r}")
    if not os.path.isfile(file):
        raise SystemExit(f"--model: no such file: {file!r}")
    sys.path.insert(0, os.path.dirname(os.path.abspath(file)))
    mod_spec = importlib.util.spec_from_file_location("_recorded_model", file)
    mod = importlib.util.module_from_spec(mod_spec)
    mod_spec.loader.exec_module(mod)
    if not callable(getattr(mod, factory, None)):
        raise SystemExit(f"--model: {file} has no function {factory!r}")
    return getattr(mod, factory)


def _shape(text):
    try:
        shape = [int(s) for s in text.split(",")]
    except ValueError:
        raise SystemExit(f"--input-shape: expected integers separated by commas, found {text!r}")
    if not shape or any(s < 0 for s in shape):
        raise SystemExit(f"--input-shape: expected non-negative sizes, found {text!r}")
    return shape


def main(argv=None):
    p = argparse.ArgumentParser(description="Record a model's leaf-module calls as parity cases.")
    p.add_argument("--model", required=True, help="FILE.py:FACTORY, FACTORY() returns the model")
    p.add_argument("--input-shape", required=True, help="e.g. 2,1,16000")
    p.add_argument("--out", required=True, help="the folder to write")
    p.add_argument("--dtype", choices=("float32", "float64"), default="float32")
    p.add_argument("--eval", action="store_true", help="call model.eval() first")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--grad", action="store_true", help="also record gradients")
    p.add_argument("--name", help="the recording's name (default: FACTORY)")
    p.add_argument("--int-input", type=int, metavar="HIGH",
                   help="the input is torch.randint(0, HIGH) (int64), e.g. token ids")
    a = p.parse_args(argv)
    factory = _load_factory(a.model)
    shape = _shape(a.input_shape)
    dtype = getattr(torch, a.dtype)
    torch.manual_seed(a.seed)
    model = factory().to(dtype)
    if a.eval:
        model.eval()
    g = torch.Generator().manual_seed(a.seed)
    if a.int_input is not None:
        x = torch.randint(0, a.int_input, shape, generator=g)
        how = f"torch.randint(0, {a.int_input}, {shape})"
    else:
        x = torch.randn(shape, generator=g, dtype=dtype)
        how = f"torch.randn({shape}, dtype=torch.{a.dtype})"
    name = a.name or a.model.rpartition(":")[2]
    source = (f"{a.model} (torch.manual_seed({a.seed}) then the factory; "
              f"{'eval' if a.eval else 'its own'} mode) on x = {how} from a generator seeded "
              f"with {a.seed}")
    summary = record(model, x, a.out, name=name, grad=a.grad, seed=a.seed, source=source)
    unknown = ", ".join(f"{k} x{n}" for k, n in summary["unknown"].items()) or "none"
    print(f"recorded {name}: {summary['calls']} leaf calls, {summary['blocks']} Sequential "
          f"block(s) as a whole, modules the recorder cannot describe: {unknown}; "
          f"{len(summary['files'])} files in {a.out} ({summary['seconds']:.2f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
