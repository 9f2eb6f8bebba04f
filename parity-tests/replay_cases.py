#!/usr/bin/python3
"""Replays parity case files through PyTorch and checks that it reproduces them bit for bit.

    /usr/bin/python3 parity-tests/replay_cases.py parity-tests/cases [FILE|DIR ...]

A second reader of the format, written from ``shared/parity-case-format.md`` rather than from
the generator: it builds the module (tree) from ``module`` / ``args`` / ``children``, loads
``state`` with ``load_state_dict`` (strict), sets ``training``, runs the input, and compares
output, ``state_after``, ``grad_input`` and ``grads`` with the file, bit for bit (nan equal to
nan, the sign of zero significant). ``init_seed`` cases rebuild the module after
``torch.manual_seed``; error cases must be refused at their ``stage``, with the same message.
Tensors in weight files (``.npz``, ``.safetensors``) are read here with numpy. Modules that are
not in ``torch.nn`` are reported as skipped.
"""
import json
import os
import struct
import sys
import warnings
from collections import OrderedDict

if __name__ == "__main__" and os.environ.get("PYTHONHASHSEED") != "0":
    # as generate_cases.py: PyTorch 1.13 prints Python sets in some messages; fix their order
    os.environ["PYTHONHASHSEED"] = "0"
    os.execv(sys.executable, [sys.executable] + sys.argv)

import numpy as np  # noqa: E402
import torch  # noqa: E402
from torch import nn  # noqa: E402

from caselib import FORMAT1, json_files  # noqa: E402

torch.set_num_threads(1)
ST_DTYPE = {"F32": "<f4", "F64": "<f8", "I64": "<i8", "BOOL": "|b1", "F16": "<f2"}


def load_tensor(t, case_dtype, case_dir):
    if "file" in t:
        path = os.path.join(case_dir, t["file"])
        if path.endswith(".npz"):
            with np.load(path) as z:
                arr = z[t["key"]]
        else:
            with open(path, "rb") as f:
                n = struct.unpack("<Q", f.read(8))[0]
                header = json.loads(f.read(n))
                blob = f.read()
            e = header[t["key"]]
            b, end = e["data_offsets"]
            arr = np.frombuffer(blob[b:end], dtype=ST_DTYPE[e["dtype"]]).reshape(e["shape"])
        return torch.from_numpy(arr.copy())
    dtype = t.get("dtype", case_dtype)
    data = [float(v) if isinstance(v, str) else v for v in t["data"]]
    return torch.tensor(data, dtype=getattr(torch, dtype)).reshape(t["shape"])


def as_format2(case):
    """A format-1 case as the format-2 keys (weight/bias -> state, grad_* -> grads, seed)."""
    if case["format"] != FORMAT1:
        return case
    c = {k: v for k, v in case.items() if v is not None and k not in (
        "weight", "bias", "grad_weight", "grad_bias", "seed")}
    if case.get("weight") is not None:
        c["state"] = {"weight": case["weight"]}
        if case.get("bias") is not None:
            c["state"]["bias"] = case["bias"]
    if case.get("grad_weight") is not None:
        c["grads"] = {"weight": case["grad_weight"]}
        if case.get("grad_bias") is not None:
            c["grads"]["bias"] = case["grad_bias"]
    if case.get("seed") is not None:
        c["init_seed"] = case["seed"]
    if c.get("error") is not None:
        c["stage"] = None  # format 1 does not say
    return c


def known(module, children):
    return hasattr(nn, module) and all(known(c["module"], c.get("children") or [])
                                       for c in children)


def unknown_names(module, children):
    names = [] if hasattr(nn, module) else [module]
    for c in children:
        names += unknown_names(c["module"], c.get("children") or [])
    return names


def build(module, args, children, dt):
    if children is not None:
        mods = OrderedDict((c["name"], build(c["module"], c.get("args", {}), c.get("children"),
                                             dt)) for c in children)
        return getattr(nn, module)(mods)
    import inspect
    cls = getattr(nn, module)
    takes = "dtype" in inspect.signature(cls.__init__).parameters
    return cls(**args, dtype=dt) if takes else cls(**args)


def same_bits(a, b):
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.is_floating_point:
        an, bn = torch.isnan(a), torch.isnan(b)
        if not torch.equal(an, bn):
            return False
        a, b = a[~an], b[~bn]
        return torch.equal(a, b) and torch.equal(torch.signbit(a), torch.signbit(b))
    return torch.equal(a, b)


def replay(path):
    """'ok', 'skip: ...' or 'FAIL: ...' for one case file."""
    with open(path, encoding="utf-8") as f:
        case = as_format2(json.load(f))
    case_dir = os.path.dirname(os.path.abspath(path))
    dtype = case["dtype"]
    dt = getattr(torch, dtype)
    module, args, children = case["module"], case.get("args", {}), case.get("children")
    missing = unknown_names(module, children or [])
    if missing:
        return f"skip: not in torch.nn: {', '.join(missing)}"

    def tensor(t):
        return load_tensor(t, dtype, case_dir)

    def tensors(m):
        return OrderedDict((k, tensor(t)) for k, t in (m or {}).items())

    error, stage = case.get("error"), case.get("stage")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        if case.get("init_seed") is not None:
            torch.manual_seed(case["init_seed"])
            m = build(module, args, children, dt)
            want = tensors(case.get("state"))
            got = m.state_dict()
            if list(got) != list(want) or not all(same_bits(got[k], want[k]) for k in want):
                return "FAIL: initialisation differs"
            return "ok"
        got_stage, got_error = None, None
        try:
            m = build(module, args, children, dt)
        except Exception as e:  # noqa: BLE001
            got_stage, got_error = "construct", f"{type(e).__name__}: {e}"
        if got_stage is None:
            try:
                if case.get("state") is not None:
                    m.load_state_dict(tensors(case["state"]))
            except Exception as e:  # noqa: BLE001
                got_stage, got_error = "load_state_dict", f"{type(e).__name__}: {e}"
        if got_stage is None:
            m.train(case.get("training", True))
            x = tensor(case["input"])
            grad = case.get("grad_output") is not None
            x.requires_grad_(grad)
            if case.get("forward_seed") is not None:
                torch.manual_seed(case["forward_seed"])
            try:
                y = m(x)
            except Exception as e:  # noqa: BLE001
                got_stage, got_error = "forward", f"{type(e).__name__}: {e}"
    if error is not None:
        if got_error is None:
            return f"FAIL: PyTorch accepted it, the file says {error!r}"
        if stage is not None and got_stage != stage:
            return f"FAIL: refused at {got_stage}, the file says {stage}"
        if got_error != error:
            return f"FAIL: message {got_error!r} != {error!r}"
        return "ok"
    if got_error is not None:
        return f"FAIL: {got_stage}: {got_error}"
    if not same_bits(y.detach(), tensor(case["output"])):
        return "FAIL: output differs"
    after = case.get("state_after")
    if after and not all(same_bits(m.state_dict()[k], v) for k, v in tensors(after).items()):
        return "FAIL: state_after differs"
    if grad:
        y.backward(tensor(case["grad_output"]))
        if not same_bits(x.grad, tensor(case["grad_input"])):
            return "FAIL: grad_input differs"
        params = dict(m.named_parameters())
        for k, g in tensors(case.get("grads")).items():
            if not same_bits(params[k].grad, g):
                return f"FAIL: grads.{k} differs"
    return "ok"


def main(paths):
    files = []
    for p in paths:
        files += ([os.path.join(p, r) for r in json_files(p)] if os.path.isdir(p) else [p])
    tally = {}
    for path in files:
        result = replay(path)
        tally[result.split(":")[0]] = tally.get(result.split(":")[0], 0) + 1
        if result != "ok":
            print(f"{path}: {result}")
    print(f"replayed {len(files)} file(s): " + ", ".join(f"{n} {k}" for k, n in
                                                          sorted(tally.items())))
    return 1 if tally.get("FAIL") or not files else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
