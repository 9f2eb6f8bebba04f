"""Checks parity case files against ``shared/parity-case-format.md`` (standard library only).

``torch-parity-case/2`` files are checked in full (keys, tensors, weight-file references, module
trees, shapes against the arguments of the modules this project knows); ``torch-parity-case/1``
files by the rules that format had. Run through ``generate_cases.py --validate PATH...`` or
``python3 validate_cases.py PATH...``.
"""
import json
import math
import os
import re
import struct
import sys

from caselib import (CASE_DTYPES, FORMAT1, FORMAT2, KEY_ORDER, NONFINITE, STAGES, TENSOR_DTYPES,
                     WeightFileError, file_reference_problem, json_files, weight_file_entry)

# format 1: what that layout allowed
KEY_ORDER_1 = KEY_ORDER[FORMAT1]
FORMAT = FORMAT1
MODULES = ("Conv1d", "ConvTranspose1d")
DTYPES = ("float32", "float64")
TENSOR_KEYS = ["input", "weight", "bias", "output", "grad_output", "grad_input", "grad_weight",
               "grad_bias"]

# ----------------------------------------------------------------------------------------------
# format 1
# ----------------------------------------------------------------------------------------------

ARG_KEYS = {
    "Conv1d": {"in_channels", "out_channels", "kernel_size", "stride", "padding", "dilation",
               "groups", "bias", "padding_mode"},
    "ConvTranspose1d": {"in_channels", "out_channels", "kernel_size", "stride", "padding",
                        "output_padding", "groups", "bias", "dilation", "padding_mode"},
}


def _is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def _one(v):
    """An int, or a one-element list of int -> int; else None."""
    if _is_int(v):
        return v
    if isinstance(v, list) and len(v) == 1 and _is_int(v[0]):
        return v[0]
    return None


def _check_tensor_v1(key, t, dtype, problems):
    if not isinstance(t, dict) or set(t) != {"shape", "data"}:
        problems.append(f"{key}: must be an object with exactly 'shape' and 'data'")
        return None
    shape, data = t["shape"], t["data"]
    if not isinstance(shape, list) or not all(_is_int(d) and d >= 0 for d in shape):
        problems.append(f"{key}: shape must be a list of non-negative integers")
        return None
    if not isinstance(data, list):
        problems.append(f"{key}: data must be a list")
        return None
    n = 1
    for d in shape:
        n *= d
    if len(data) != n:
        problems.append(f"{key}: shape {shape} holds {n} values but data has {len(data)}")
    for i, v in enumerate(data):
        if isinstance(v, str):
            if v not in NONFINITE:
                problems.append(f"{key}[{i}]: string {v!r} is not 'nan', 'inf' or '-inf'")
                break
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            problems.append(f"{key}[{i}]: {v!r} is not a number")
            break
        elif isinstance(v, float) and not math.isfinite(v):
            problems.append(f"{key}[{i}]: non-finite number must be written as a string")
            break
        elif dtype == "float32" and math.isfinite(v):
            try:
                back = struct.unpack("<f", struct.pack("<f", v))[0]
            except OverflowError:
                back = None
            if back != v:
                problems.append(f"{key}[{i}]: {v!r} is not exactly a float32 value")
                break
    return shape


def _expected_out_len(module, args, length):
    k = _one(args.get("kernel_size"))
    s = _one(args.get("stride", 1))
    d = _one(args.get("dilation", 1))
    p = args.get("padding", 0)
    if None in (k, s, d) or s <= 0 or d <= 0 or k <= 0:
        return None
    if module == "Conv1d":
        if p == "same":
            return length
        p = 0 if p == "valid" else _one(p)
        if p is None:
            return None
        return (length + 2 * p - d * (k - 1) - 1) // s + 1
    op = _one(args.get("output_padding", 0))
    p = _one(p)
    if None in (p, op):
        return None
    return (length - 1) * s - 2 * p + d * (k - 1) + op + 1


def validate_case_v1(path, case):
    problems = []
    stem = os.path.splitext(os.path.basename(path))[0]
    if not isinstance(case, dict):
        return ["top level is not an object"]
    unknown = set(case) - set(KEY_ORDER_1)
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    for key in ("format", "name", "source", "torch_version", "module", "args", "dtype"):
        if key not in case:
            problems.append(f"missing required key '{key}'")
    if problems:
        return problems
    if case["format"] != FORMAT:
        problems.append(f"format is {case['format']!r}, expected {FORMAT!r}")
    if case["name"] != stem:
        problems.append(f"name {case['name']!r} does not match the file stem {stem!r}")
    for key in ("source", "torch_version"):
        if not isinstance(case[key], str):
            problems.append(f"{key} must be a string")
    module = case["module"]
    if module not in MODULES:
        problems.append(f"unknown module {module!r} (known: {', '.join(MODULES)})")
        return problems
    args = case["args"]
    if not isinstance(args, dict):
        return problems + ["args must be an object"]
    extra = set(args) - ARG_KEYS[module]
    if extra:
        problems.append(f"args has keys {module} does not take: {sorted(extra)}")
    if case["dtype"] not in DTYPES:
        problems.append(f"dtype {case['dtype']!r} is not one of {DTYPES}")
    dtype = case["dtype"]
    seed = case.get("seed")
    error = case.get("error")
    if seed is not None and not _is_int(seed):
        problems.append("seed must be null or an integer")
    if error is not None and not isinstance(error, str):
        problems.append("error must be null or a string")
    if "padding_mode" in args and not isinstance(args["padding_mode"], str):
        problems.append("padding_mode must be a string")
    if "bias" in args and not isinstance(args["bias"], bool):
        problems.append("args.bias must be true or false")
    p = args.get("padding", 0)
    if not (_one(p) is not None or isinstance(p, str)):
        problems.append("padding must be an integer, a one-element list or a string")
    for key in ("in_channels", "out_channels", "kernel_size", "stride", "dilation", "groups",
                "output_padding"):
        if key in args and _one(args[key]) is None:
            problems.append(f"args.{key} must be an integer or a one-element list")
    if error is None:
        for key in ("in_channels", "out_channels", "kernel_size"):
            if key not in args:
                problems.append(f"args lacks required '{key}'")

    shapes = {}
    for key in TENSOR_KEYS:
        if key in case and case[key] is not None:
            shapes[key] = _check_tensor_v1(key, case[key], dtype, problems)
    has_bias = args.get("bias", True)

    if error is not None:
        if "output" in case:
            problems.append("an error case must not have 'output'")
        for key in ("grad_output", "grad_input", "grad_weight", "grad_bias"):
            if key in case:
                problems.append(f"an error case must not have '{key}'")
        if seed is not None:
            problems.append("an error case must not have a seed")
        if "input" not in case or case["input"] is None:
            problems.append("an error case needs an 'input'")
        if has_bias is False and case.get("bias") is not None:
            problems.append("bias must be null when args.bias is false")
        return problems

    if "weight" not in case or case["weight"] is None:
        problems.append("missing 'weight'")
    if "bias" not in case:
        problems.append("missing 'bias' (null when args.bias is false)")
    elif has_bias is False and case["bias"] is not None:
        problems.append("bias must be null when args.bias is false")
    elif has_bias is not False and case["bias"] is None:
        problems.append("bias is null but args.bias is true")
    if seed is None:
        for key in ("input", "output"):
            if key not in case or case[key] is None:
                problems.append(f"missing '{key}'")
    elif ("input" in case) != ("output" in case):
        problems.append("an initialisation case has both or neither of input and output")

    # shapes against args
    cin, cout = _one(args.get("in_channels")), _one(args.get("out_channels"))
    k, g = _one(args.get("kernel_size")), _one(args.get("groups", 1))
    if None not in (cin, cout, k, g) and g > 0:
        want_w = [cout, cin // g, k] if module == "Conv1d" else [cin, cout // g, k]
        if shapes.get("weight") not in (None, want_w):
            problems.append(f"weight shape {shapes['weight']} != {want_w} from args")
        if has_bias is not False and shapes.get("bias") not in (None, [cout]):
            problems.append(f"bias shape {shapes['bias']} != {[cout]}")
        xs, ys = shapes.get("input"), shapes.get("output")
        if xs is not None and ys is not None:
            if len(xs) not in (2, 3) or len(ys) != len(xs):
                problems.append(f"input {xs} / output {ys}: rank must be 2 or 3 and equal")
            else:
                lout = _expected_out_len(module, args, xs[-1])
                want_y = xs[:-2] + [cout, lout]
                if xs[-2] != cin:
                    problems.append(f"input has {xs[-2]} channels, args.in_channels is {cin}")
                if lout is not None and ys != want_y:
                    problems.append(f"output shape {ys} != {want_y} expected from args")
    grad_of = {"grad_output": "output", "grad_input": "input", "grad_weight": "weight",
               "grad_bias": "bias"}
    present = [key for key in grad_of if key in case]
    if present and "grad_output" not in case:
        problems.append("gradient keys without 'grad_output'")
    for key in present:
        if case[key] is None:
            if not (key == "grad_bias" and case.get("bias") is None):
                problems.append(f"{key} is null")
        elif shapes.get(key) != shapes.get(grad_of[key]):
            problems.append(f"{key} shape {shapes.get(key)} != {grad_of[key]} shape "
                            f"{shapes.get(grad_of[key])}")
    return problems


# ----------------------------------------------------------------------------------------------
# format 2
# ----------------------------------------------------------------------------------------------

# Modules whose arguments, parameters and output shapes are checked; any other name is accepted
# (the project reports it as not implemented) with only its keys and tensors checked.
KNOWN_ARGS = {
    "Conv1d": ARG_KEYS["Conv1d"],
    "ConvTranspose1d": ARG_KEYS["ConvTranspose1d"],
    "ReLU": {"inplace"},
    "Sequential": set(),
}
CONTAINERS = {"Sequential", "ModuleList", "ModuleDict"}
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
TENSOR_SLOTS = ("input", "output", "grad_output", "grad_input")
TENSOR_LISTS = ("inputs", "outputs", "grad_outputs", "grad_inputs")
TENSOR_MAPS = ("state", "state_after", "grads")


def _float_exact(v, dtype):
    """Whether the finite number v is exactly a value of the floating dtype."""
    if dtype == "float64":
        return True
    try:
        if dtype == "float16":
            return struct.unpack("<e", struct.pack("<e", v))[0] == v
        bits = struct.pack("<f", v)
    except (OverflowError, struct.error):
        return False
    if struct.unpack("<f", bits)[0] != v:
        return False
    return dtype == "float32" or bits[:2] == b"\0\0"  # bfloat16: the top 16 bits of a float32


def _tensor_v2(where, t, case_dtype, case_dir, problems):
    """(dtype, shape) of one tensor, inline or in a weights file; None if it is malformed."""
    if not isinstance(t, dict):
        problems.append(f"{where}: a tensor must be an object")
        return None
    if "file" in t or "key" in t:
        if set(t) != {"file", "key"}:
            problems.append(f"{where}: a file tensor has exactly 'file' and 'key', not "
                            f"{sorted(t)}")
            return None
        why = file_reference_problem(case_dir, t["file"])
        if why is None and not isinstance(t["key"], str):
            why = "key must be a string"
        if why is not None:
            problems.append(f"{where}: {why}")
            return None
        try:
            dtype, shape = weight_file_entry(os.path.join(case_dir, t["file"]), t["key"])
        except WeightFileError as e:
            problems.append(f"{where}: {t['file']}: {e}")
            return None
        if dtype in CASE_DTYPES and dtype != case_dtype:
            problems.append(f"{where}: {t['file']}[{t['key']}] is {dtype}, the case is "
                            f"{case_dtype}")
        return dtype, shape
    if not set(t) <= {"shape", "data", "dtype"} or not {"shape", "data"} <= set(t):
        problems.append(f"{where}: an inline tensor has 'shape', 'data' and optionally 'dtype', "
                        f"not {sorted(t)}")
        return None
    shape, data = t["shape"], t["data"]
    dtype = t.get("dtype", case_dtype)
    if "dtype" in t:
        if dtype not in TENSOR_DTYPES:
            problems.append(f"{where}: dtype {dtype!r} is not one of {TENSOR_DTYPES}")
            return None
        if dtype == case_dtype:
            problems.append(f"{where}: dtype {dtype!r} repeats the case's (write it only where "
                            f"it differs)")
    if not isinstance(shape, list) or not all(_is_int(d) and d >= 0 for d in shape):
        problems.append(f"{where}: shape must be a list of non-negative integers")
        return None
    if not isinstance(data, list):
        problems.append(f"{where}: data must be a list")
        return None
    n = 1
    for d in shape:
        n *= d
    if len(data) != n:
        problems.append(f"{where}: shape {shape} holds {n} values but data has {len(data)}")
    for i, v in enumerate(data):
        bad = None
        if dtype == "bool":
            if not isinstance(v, bool):
                bad = f"{v!r} is not true or false"
        elif dtype == "int64":
            if not _is_int(v) or not -2 ** 63 <= v < 2 ** 63:
                bad = f"{v!r} is not an int64"
        elif isinstance(v, str):
            if v not in NONFINITE:
                bad = f"string {v!r} is not 'nan', 'inf' or '-inf'"
        elif isinstance(v, bool) or not isinstance(v, (int, float)):
            bad = f"{v!r} is not a number"
        elif isinstance(v, float) and not math.isfinite(v):
            bad = "a non-finite number must be written as a string"
        elif not _float_exact(v, dtype):
            bad = f"{v!r} is not exactly a {dtype} value"
        if bad:
            problems.append(f"{where}[{i}]: {bad}")
            break
    return dtype, shape


def _check_children(where, children, problems):
    if not isinstance(children, list):
        problems.append(f"{where}children must be a list")
        return
    names = set()
    for i, c in enumerate(children):
        at = f"{where}children[{i}]"
        if not isinstance(c, dict) or not {"name", "module"} <= set(c) \
                or not set(c) <= {"name", "module", "args", "children"}:
            problems.append(f"{at}: a child has 'name', 'module' and optionally 'args', "
                            f"'children'")
            continue
        if not isinstance(c["name"], str) or not c["name"] or "." in c["name"]:
            problems.append(f"{at}: name must be a non-empty string without '.'")
        elif c["name"] in names:
            problems.append(f"{at}: name {c['name']!r} used twice")
        names.add(c.get("name"))
        _check_module(f"{at}.", c["module"], c.get("args", {}), c.get("children"), problems)


def _check_module(where, module, args, children, problems):
    if not isinstance(module, str) or not IDENTIFIER.match(module):
        problems.append(f"{where}module {module!r} is not a class name")
        return
    if not isinstance(args, dict):
        problems.append(f"{where}args must be an object")
        return
    if children is not None:
        if module not in CONTAINERS and module in KNOWN_ARGS:
            problems.append(f"{where}{module} has no children")
        _check_children(where, children, problems)
    elif module in CONTAINERS:
        problems.append(f"{where}{module} needs 'children' (a list, possibly empty)")
    if module not in KNOWN_ARGS:
        return
    extra = set(args) - KNOWN_ARGS[module]
    if extra:
        problems.append(f"{where}args has keys {module} does not take: {sorted(extra)}")
    if module == "ReLU" and not isinstance(args.get("inplace", False), bool):
        problems.append(f"{where}args.inplace must be true or false")
    if module not in ARG_KEYS:
        return
    if "padding_mode" in args and not isinstance(args["padding_mode"], str):
        problems.append(f"{where}padding_mode must be a string")
    if "bias" in args and not isinstance(args["bias"], bool):
        problems.append(f"{where}args.bias must be true or false")
    p = args.get("padding", 0)
    if not (_one(p) is not None or isinstance(p, str)):
        problems.append(f"{where}padding must be an integer, a one-element list or a string")
    for key in ("in_channels", "out_channels", "kernel_size", "stride", "dilation", "groups",
                "output_padding"):
        if key in args and _one(args[key]) is None:
            problems.append(f"{where}args.{key} must be an integer or a one-element list")


def _conv_params(module, args):
    cin, cout = _one(args.get("in_channels")), _one(args.get("out_channels"))
    k, g = _one(args.get("kernel_size")), _one(args.get("groups", 1))
    if None in (cin, cout, k, g) or g <= 0:
        return None
    shapes = {"weight": [cout, cin // g, k] if module == "Conv1d" else [cin, cout // g, k]}
    if args.get("bias", True) is not False:
        shapes["bias"] = [cout]
    return shapes


def expected_state(module, args, children, prefix=""):
    """{key: shape} of a tree's state_dict, or None where a module is unknown or unreadable."""
    if module in ARG_KEYS:
        params = _conv_params(module, args)
        return None if params is None else {prefix + k: v for k, v in params.items()}
    if module == "ReLU":
        return {}
    if module == "Sequential" and isinstance(children, list):
        out = {}
        for c in children:
            if not isinstance(c, dict):
                return None
            sub = expected_state(c.get("module"), c.get("args", {}), c.get("children"),
                                 f"{prefix}{c.get('name')}.")
            if sub is None:
                return None
            out.update(sub)
        return out
    return None


def expected_output(module, args, children, shape):
    """The output shape for an input shape, or None where it cannot be told (or is refused)."""
    if shape is None:
        return None
    if module in ARG_KEYS:
        params = _conv_params(module, args)
        if params is None or len(shape) not in (2, 3):
            return None
        cin = _one(args["in_channels"])
        if shape[-2] != cin:
            return None
        lout = _expected_out_len(module, args, shape[-1])
        return None if lout is None else shape[:-2] + [_one(args["out_channels"]), lout]
    if module == "ReLU":
        return list(shape)
    if module == "Sequential" and isinstance(children, list):
        for c in children:
            shape = expected_output(c.get("module"), c.get("args", {}), c.get("children"), shape)
            if shape is None:
                return None
        return shape
    return None


def validate_case_v2(path, case):
    problems = []
    stem = os.path.splitext(os.path.basename(path))[0]
    case_dir = os.path.dirname(os.path.abspath(path))
    unknown = set(case) - set(KEY_ORDER[FORMAT2])
    if unknown:
        problems.append(f"unknown keys {sorted(unknown)}")
    for key in ("format", "name", "module", "dtype"):
        if key not in case:
            problems.append(f"missing required key '{key}'")
    if problems:
        return problems
    if case["name"] != stem:
        problems.append(f"name {case['name']!r} does not match the file stem {stem!r}")
    for key in ("source", "torch_version", "model", "path"):
        if key in case and not isinstance(case[key], str):
            problems.append(f"{key} must be a string")
    for key in ("init_seed", "forward_seed"):
        if case.get(key) is not None and not _is_int(case[key]):
            problems.append(f"{key} must be null or an integer")
    if "call" in case and not (_is_int(case["call"]) and case["call"] >= 0):
        problems.append("call must be a non-negative integer")
    if ("call" in case or "path" in case) and not isinstance(case.get("model"), str):
        problems.append("a recorded call ('path' / 'call') needs 'model'")
    if "training" in case and not isinstance(case["training"], bool):
        problems.append("training must be true or false")
    dtype = case["dtype"]
    if dtype not in CASE_DTYPES:
        return problems + [f"dtype {dtype!r} is not one of {CASE_DTYPES}"]
    module, args, children = case["module"], case.get("args", {}), case.get("children")
    _check_module("", module, args, children, problems)
    if not isinstance(args, dict) or (children is not None and not isinstance(children, list)):
        return problems

    error, stage = case.get("error"), case.get("stage")
    if error is not None and not isinstance(error, str):
        problems.append("error must be null or a string")
    if stage is not None:
        if stage not in STAGES:
            problems.append(f"stage {stage!r} is not one of {STAGES}")
        if error is None:
            problems.append("stage without error")

    # every tensor, with its (dtype, shape)
    info = {}
    for key in TENSOR_SLOTS:
        if case.get(key) is not None:
            info[key] = _tensor_v2(key, case[key], dtype, case_dir, problems)
    for key in TENSOR_LISTS:
        if case.get(key) is not None:
            if not isinstance(case[key], list):
                problems.append(f"{key} must be a list of tensors")
                continue
            info[key] = [_tensor_v2(f"{key}[{i}]", t, dtype, case_dir, problems)
                         for i, t in enumerate(case[key])]
    for key in TENSOR_MAPS:
        if case.get(key) is not None:
            if not isinstance(case[key], dict):
                problems.append(f"{key} must be an object of tensors")
                continue
            info[key] = {k: _tensor_v2(f"{key}.{k}", t, dtype, case_dir, problems)
                         for k, t in case[key].items()}
    for one, many in zip(TENSOR_SLOTS, TENSOR_LISTS):
        if one in info and many in info:
            problems.append(f"both '{one}' and '{many}'")

    def shape_of(key):
        i = info.get(key)
        return i[1] if isinstance(i, tuple) else None

    has_input = "input" in info or "inputs" in info
    has_output = "output" in info or "outputs" in info
    state = info.get("state")
    if error is not None:
        for key in ("output", "outputs", "state_after", "grad_output", "grad_outputs",
                    "grad_input", "grad_inputs", "grads", "init_seed"):
            if case.get(key) is not None:
                problems.append(f"an error case must not have '{key}'")
        if stage != "construct" and not has_input:
            problems.append("an error case needs an input (unless stage is 'construct')")
        if stage == "construct" and state is not None:
            problems.append("a module refused at construction has no state")
        if stage == "load_state_dict" and state is None:
            problems.append("a load_state_dict refusal needs the 'state' that was refused")
    elif case.get("init_seed") is not None:
        if state is None:
            problems.append("an initialisation case needs 'state'")
        if has_input != has_output:
            problems.append("an initialisation case has both or neither of input and output")
    else:
        if not has_input or not has_output:
            problems.append("a case without error or init_seed needs input(s) and output(s)")

    want = expected_state(module, args, children)
    if want is not None and stage not in ("construct", "load_state_dict"):
        if state is None and want:
            problems.append(f"missing 'state' (expected keys {sorted(want)})")
        elif state is not None:
            if set(state) != set(want):
                problems.append(f"state keys {sorted(state)} != {sorted(want)} from the module")
            for k, i in state.items():
                if i is not None and k in want and i[1] != want[k]:
                    problems.append(f"state.{k} shape {i[1]} != {want[k]} from args")
    if state is not None:
        for k in state:
            if not isinstance(k, str) or not k or k.startswith(".") or k.endswith(".") \
                    or ".." in k:
                problems.append(f"state key {k!r} is not a state_dict key")
    for key in ("grads", "state_after"):
        for k, i in (info.get(key) or {}).items():
            if state is None or k not in state:
                problems.append(f"{key}.{k} has no tensor in 'state'")
            elif i is not None and state[k] is not None and i[1] != state[k][1]:
                problems.append(f"{key}.{k} shape {i[1]} != state.{k} shape {state[k][1]}")
    grad_keys = [k for k in ("grad_input", "grad_inputs", "grads") if k in info]
    if grad_keys and "grad_output" not in info and "grad_outputs" not in info:
        problems.append(f"{grad_keys} without 'grad_output'")
    for g, of in (("grad_input", "input"), ("grad_output", "output")):
        if shape_of(g) is not None and shape_of(of) is not None and shape_of(g) != shape_of(of):
            problems.append(f"{g} shape {shape_of(g)} != {of} shape {shape_of(of)}")
    for g, of in (("grad_inputs", "inputs"), ("grad_outputs", "outputs")):
        if g in info and (of not in info or len(info[g]) != len(info[of])):
            problems.append(f"{g} must have one tensor per entry of '{of}'")
    if error is None and "input" in info and "output" in info:
        xs, ys = shape_of("input"), shape_of("output")
        want_y = expected_output(module, args, children, xs)
        if want_y is not None and ys is not None and ys != want_y:
            problems.append(f"output shape {ys} != {want_y} expected from args")
        elif want_y is None and xs is not None and want is not None:
            problems.append(f"input shape {xs} does not fit the module")
    return problems


# ----------------------------------------------------------------------------------------------

def validate(paths):
    """Validates case files (files or folders, recursively); prints problems; 0 when all pass."""
    files = []
    for p in paths:
        if os.path.isdir(p):
            files.extend(os.path.join(p, rel) for rel in json_files(p))
        else:
            files.append(p)
    seen, calls = {}, {}
    bad = 0
    counts = {}
    for path in files:
        try:
            with open(path, encoding="utf-8") as f:
                text = f.read()
            case = json.loads(text, parse_constant=lambda c: (_ for _ in ()).throw(
                ValueError(f"bare {c} is not JSON; write non-finite values as strings")))
            if not isinstance(case, dict):
                problems = ["top level is not an object"]
            elif case.get("format") == FORMAT1:
                problems = validate_case_v1(path, case)
            elif case.get("format") == FORMAT2:
                problems = validate_case_v2(path, case)
            else:
                problems = [f"format {case.get('format')!r} is not one of {FORMAT1!r}, "
                            f"{FORMAT2!r}"]
        except (OSError, ValueError, RecursionError) as e:
            problems = [f"cannot read: {e}"]
            case = None
        if isinstance(case, dict):
            fmt = case.get("format")
            counts[fmt] = counts.get(fmt, 0) + 1
            if isinstance(case.get("name"), str):
                if case["name"] in seen:
                    problems.append(f"name {case['name']!r} also used by {seen[case['name']]}")
                else:
                    seen[case["name"]] = path
            if isinstance(case.get("model"), str) and _is_int(case.get("call")):
                at = (case["model"], case["call"])
                if at in calls:
                    problems.append(f"model {at[0]!r} call {at[1]} also in {calls[at]}")
                else:
                    calls[at] = path
        if problems:
            bad += 1
            for p in problems:
                print(f"{path}: {p}")
    formats = ", ".join(f"{n} {f}" for f, n in sorted(counts.items(), key=str))
    print(f"--validate: {len(files)} file(s) ({formats}), {bad} with problems")
    return 1 if bad or not files else 0


if __name__ == "__main__":
    sys.exit(validate(sys.argv[1:]))
