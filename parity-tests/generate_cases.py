#!/usr/bin/python3
"""Writes PyTorch parity case files (format ``torch-parity-case/2``) for torch-parity.

Run with Debian's PyTorch (``apt-get install -y python3-torch``, torch 1.13, CPU):

    /usr/bin/python3 parity-tests/generate_cases.py               # (re)write parity-tests/cases/
    /usr/bin/python3 parity-tests/generate_cases.py --out DIR     # write the cases elsewhere
    (the cases where PyTorch 1.13 and libtorch 2.7.1 disagree go, flat, to
     src/test/resources/cases/torch-1.13-divergences/, or --divergences-out DIR)
    /usr/bin/python3 parity-tests/generate_cases.py --check       # regenerate to a temp dir, diff
    /usr/bin/python3 parity-tests/generate_cases.py --validate parity-tests/cases [FILE|DIR ...]

Every case is deterministic: a fixed ``torch.manual_seed`` per case (derived from the case name,
recorded in ``source``), a fixed ``random.Random`` for the sweeps, one intra-op thread, and a fixed
``PYTHONHASHSEED`` (PyTorch 1.13 prints Python sets in some ValueError messages, whose order
depends on string hashing; the script re-executes itself with PYTHONHASHSEED=0 when needed).
Weight files (``.npz``, ``.safetensors``) are written with fixed zip timestamps. Re-running it
reproduces byte-identical files.

The case specifications live in ``specs_conv.py`` (the Conv1d / ConvTranspose1d groups),
``specs_v2.py`` (trees, ReLU, stages, weight files, non-finite gradients, format-1 copies) and
``recording.py`` (a small model's calls, recorded with forward hooks); the file layout and the
validator in ``caselib.py`` and ``validate_cases.py``. ``--validate`` only needs the Python
standard library (torch is imported lazily).
"""
import argparse
import filecmp
import io
import os
import shutil
import sys
import tempfile
import warnings
import zipfile
from collections import OrderedDict

from caselib import (FORMAT1, FORMAT2, case_seed, dtype_name, dump_case, enc, enc_map,
                     enc_value, safetensors_bytes)

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_OUT = os.path.join(HERE, "cases")
DEFAULT_DIVERGENCES_OUT = os.path.join(os.path.dirname(HERE), "src", "test", "resources", "cases",
                                       "torch-1.13-divergences")
# Groups written under --out (the committed cases every consumer replays).
GROUP_ORDER = [
    "conv1d_forward",
    "conv1d_nonfinite",
    "conv1d_errors",
    "conv1d_negative_padding",
    "conv_transpose1d",
    "conv_transpose1d_errors",
    "init_seed",
    "notebook",
    "nonfinite_grads",
    "external_tensors",
    "sequential",
    "relu",
    "unimplemented",
    "stages",
    "recording_tiny",
    "format1_compat",
]
# Module families add their groups without touching this file: every ``specs_family_*.py`` beside
# it defines ``groups()`` -> {group name: [specs]}, written under --out after the groups above, in
# file-name order.
FAMILY_PREFIX = "specs_family_"


def family_modules():
    names = sorted(f[:-3] for f in os.listdir(HERE)
                   if f.startswith(FAMILY_PREFIX) and f.endswith(".py"))
    import importlib
    return [importlib.import_module(n) for n in names]


def family_group_names():
    return [g for mod in family_modules() for g in mod.groups()]
# Groups written directly into --divergences-out (flat, no group subfolder): real PyTorch 1.13
# behaviour that libtorch 2.7.1 (the engine torch-parity runs, and follows) does not share. They
# are kept out of --out so that replaying --out does not make them a requirement; a Java test
# (ParityCasesTest) asserts the divergence instead.
DIVERGENCE_GROUPS = ["torch_1_13_divergences"]
# What the generator owns in the folders it writes: stale files with these endings are removed
# and --check compares them; anything else there (a README.md) is left alone.
GENERATED_EXTENSIONS = (".json", ".npz", ".safetensors")

torch = None  # imported lazily (not needed by --validate)
nn = None


def _import_torch():
    global torch, nn
    if torch is None:
        import torch as _torch
        from torch import nn as _nn
        torch, nn = _torch, _nn
        torch.set_num_threads(1)


def all_specs():
    _import_torch()
    import recording
    import specs_conv as c
    import specs_v2 as v

    groups = {
        "conv1d_forward": c.conv1d_forward_specs(),
        "conv1d_nonfinite": c.conv1d_nonfinite_specs(),
        "conv1d_errors": c.conv1d_error_specs(),
        "conv1d_negative_padding": c.conv1d_negative_padding_specs(),
        "conv_transpose1d": c.conv_transpose1d_specs(),
        "conv_transpose1d_errors": c.conv_transpose1d_error_specs(),
        "init_seed": c.init_specs(),
        "notebook": c.notebook_specs(),
        "nonfinite_grads": v.nonfinite_grads_specs(),
        "external_tensors": v.external_tensors_specs(),
        "sequential": v.sequential_specs(),
        "relu": v.relu_specs(),
        "unimplemented": v.unimplemented_specs(),
        "stages": v.stages_specs(),
        "recording_tiny": recording.tiny_residual_specs(),
        "torch_1_13_divergences": c.conv1d_divergence_specs(),
    }
    groups["format1_compat"] = v.format1_compat_specs(groups)
    for mod in family_modules():
        groups.update(mod.groups())
    return groups


# ----------------------------------------------------------------------------------------------
# running a case
# ----------------------------------------------------------------------------------------------

def build(module, args, children, dt):
    """``nn.<module>(**args)`` (with ``dtype`` where it takes one); containers from children,
    built in order (so ``torch.manual_seed`` then ``build`` initialises the tree as Python's
    ``nn.Sequential(nn.Conv1d(...), ...)`` would)."""
    if module == "Sequential":
        built = [(c["name"], build(c["module"], c.get("args", {}), c.get("children"), dt))
                 for c in children]
        if [n for n, _ in built] == [str(i) for i in range(len(built))]:
            return nn.Sequential(*[m for _, m in built])
        return nn.Sequential(OrderedDict(built))
    return construct(getattr(nn, module), args, dt)


def construct(cls, args, dt):
    """``cls(**args)``, with ``dtype`` when the constructor takes one (modules holding floating
    tensors: Conv1d, Linear, BatchNorm1d, PReLU, ...; the rest hold none)."""
    import inspect
    takes = "dtype" in inspect.signature(cls.__init__).parameters
    return cls(**args, dtype=dt) if takes else cls(**args)


def _children_json(children):
    out = []
    for c in children:
        d = {"name": c["name"], "module": c["module"], "args": c.get("args", {})}
        if c.get("children") is not None:
            d["children"] = _children_json(c["children"])
        out.append(d)
    return out


def _state(m):
    return OrderedDict((k, v.detach().clone()) for k, v in m.state_dict().items())


def run_spec(s):
    """Runs one specification; returns (case, weight files {file: {"tensors", "metadata"}})."""
    _import_torch()
    if "case" in s:  # recorded elsewhere (recording.py)
        return s["case"], s.get("files", {})
    dtype = s["dtype"]
    dt = getattr(torch, dtype)
    module, args, children = s["module"], s["args"], s.get("children")
    case = {"format": FORMAT2, "name": s["name"], "source": None,
            "torch_version": torch.__version__, "module": module, "args": args}
    if children is not None:
        case["children"] = _children_json(children)
    case["dtype"] = dtype
    if "training" in s:
        case["training"] = s["training"]
    if "init_seed" in s:  # initialisation case
        torch.manual_seed(s["init_seed"])
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            m = build(module, args, children, dt)
        case.update(source=s["note"], state=enc_map(_state(m), dtype),
                    init_seed=s["init_seed"])
        return _finish(s, case, {"state": _state(m)})

    seed = case_seed(s.get("seed_name", s["name"]))
    torch.manual_seed(seed)
    if "input_ints" in s:  # indices (Embedding): int64 drawn in [low, high)
        low, high = s["input_ints"]
        x = torch.randint(low, high, s["shape"], dtype=torch.int64)
        how = f"torch.manual_seed({seed}); input = torch.randint({low}, {high})"
    elif "input_values" in s:
        x = torch.tensor(s["input_values"], dtype=s.get("input_dtype") and
                         getattr(torch, s["input_dtype"]) or dt).reshape(s["shape"])
        how = ("input as given" if s.get("grad_ones")
               else f"torch.manual_seed({seed}); input as given")
    else:
        x = torch.randn(s["shape"], dtype=dt)
        how = f"torch.manual_seed({seed}); input = torch.randn"
    source = s["note"]
    error = stage = m = y = ys = go = state = None
    grads = {}
    xin = None
    nonfinite = s.get("nonfinite", {})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            m = build(module, args, children, dt)
        except Exception as e:  # noqa: BLE001 - we record whatever PyTorch raises
            error, stage = f"{type(e).__name__}: {e}", "construct"
        if m is not None:
            params = dict(m.named_parameters())
            with torch.no_grad():
                if "fill_weight" in s:
                    m.weight.fill_(s["fill_weight"])
                if "fill_bias" in s and m.bias is not None:
                    m.bias.fill_(s["fill_bias"])
                weight, bias = params.get("weight"), params.get("bias")
                if weight is not None and weight.numel() == 0 and bias is not None:
                    # fan_in 0: reset_parameters() skips the bias, which stays torch.empty()
                    # (uninitialised memory); zero it so that the file is reproducible.
                    bias.zero_()
                    source += ("; the weight has no elements, so PyTorch left the bias "
                               "uninitialised (torch.empty): set to zeros here")
                if "prepare" in s:  # a family's own set-up: buffers, weights, ...
                    note = s["prepare"](m, torch)
                    if note:
                        source += "; " + note
                for key, mods in nonfinite.items():
                    if key == "grad_output":
                        continue
                    target = x if key == "input" else params[key]
                    flat = target.view(-1)
                    for idx, val in sorted(mods.items()):
                        flat[idx] = val
            if s.get("training") is False:
                m.eval()
            state = _state(m)
            if "load_state" in s:
                torch.manual_seed(seed + 1)
                for key, shape in s["load_state"].items():
                    if shape is None:
                        del state[key]
                    else:
                        state[key] = torch.randn(shape, dtype=dt)
                try:
                    m.load_state_dict(state)
                except Exception as e:  # noqa: BLE001
                    error, stage = f"{type(e).__name__}: {e}", "load_state_dict"
            if error is None:
                want_grads = s["grads"]
                xin = x.clone().requires_grad_(want_grads and x.is_floating_point())
                try:
                    if "forward_seed" in s:
                        torch.manual_seed(s["forward_seed"])
                    y = m(xin)
                except Exception as e:  # noqa: BLE001
                    error, stage = f"{type(e).__name__}: {e}", "forward"
                ys = None
                if isinstance(y, tuple):  # (values, indices): backward through the first
                    ys, y = y, y[0]
                if y is not None and want_grads:
                    go = (torch.ones(y.shape, dtype=dt) if s.get("grad_ones")
                          else torch.randn(y.shape, dtype=dt))
                    flat = go.view(-1)
                    for idx, val in sorted(nonfinite.get("grad_output", {}).items()):
                        flat[idx] = val
                    try:
                        y.backward(go)
                        grads = OrderedDict((k, p.grad) for k, p in m.named_parameters()
                                            if p.grad is not None)
                    except Exception as e:  # noqa: BLE001
                        source += f"; backward failed ({type(e).__name__}: {e}), no gradients"
                        go = None
    got = "ok" if error is None else stage
    if got != s["expect"]:
        raise SystemExit(f"{s['name']}: expected {s['expect']}, PyTorch gave {got}: {error}")

    source += _source_tail(s, error, stage, how, go, bool(state))
    case["source"] = source
    if state or stage == "load_state_dict":  # a module without parameters or buffers: no state
        case["state"] = enc_map(state, dtype)
    case["input"] = enc(x, dtype)
    raw = {"state": state, "input": x}
    if "forward_seed" in s:
        case["forward_seed"] = s["forward_seed"]
    if error is None:
        if ys is not None:
            case["outputs"] = [enc(t, dtype) for t in ys]
            raw["outputs"] = list(ys)
        else:
            case["output"] = enc(y, dtype)
            raw["output"] = y
        if s.get("state_after"):
            case["state_after"] = enc_map(OrderedDict(
                (k, b.detach()) for k, b in m.named_buffers()), dtype)
        if go is not None:
            case["grad_output"] = enc(go, dtype)
            if xin.grad is not None:
                case["grad_input"] = enc(xin.grad, dtype)
            if grads:
                case["grads"] = enc_map(grads, dtype)
            raw.update(grad_output=go, grad_input=xin.grad, grads=grads)
    else:
        case["error"] = error
        case["stage"] = stage
    return _finish(s, case, raw)


def _source_tail(s, error, stage, how, go, has_state):
    conv = s["module"] in ("Conv1d", "ConvTranspose1d")
    params = "weight/bias" if conv else "parameters"
    if error is None:
        tail = f"; {how}"
        if has_state:
            tail += f"; {params} from the module's own init after that seed"
        if "fill_weight" in s:
            tail += " (then overwritten as described)"
        if go is not None:
            tail += ("; grad_output all ones" if s.get("grad_ones")
                     else "; grad_output = torch.randn (same generator, after the forward)")
    elif stage == "construct":
        tail = (f"; PyTorch raised this at construction: nn.{s['module']}(**args, "
                f"dtype=torch.{s['dtype']}); {how} (a plausible input; "
                f"{'weight and bias' if conv else 'the parameters'} could not be created)")
    elif stage == "load_state_dict":
        changes = ", ".join(f"{k} dropped" if v is None else f"{k} replaced by torch.randn({v})"
                            for k, v in s["load_state"].items())
        tail = (f"; construction succeeded, PyTorch raised this at module.load_state_dict(state) "
                f"with the state recorded here: the module's own state_dict() after that seed "
                f"with {changes} (after torch.manual_seed(seed + 1)); {how}")
    else:
        tail = (f"; construction succeeded, PyTorch raised this at forward: module(input); "
                f"{how}; {params} from the module's own init")
    if s.get("nonfinite"):
        placed = ", ".join(f"{k}[{i}]={enc_value(v)}" for k, d in s["nonfinite"].items()
                           for i, v in sorted(d.items()))
        tail += f"; non-finite values placed at flat indices: {placed}"
    return tail


def _finish(s, case, raw):
    """Moves the tensors named by ``external`` into weight files; converts to format 1."""
    files = {}
    for slot, fname in s.get("external", {}).items():
        f = files.setdefault(fname, {"tensors": OrderedDict(),
                                     "metadata": s.get("safetensors_metadata")})
        if slot in ("state", "grads"):
            prefix = "" if slot == "state" else "grad."
            for k, t in raw[slot].items():
                f["tensors"][prefix + k] = t
                case[slot][k] = {"file": fname, "key": prefix + k}
        elif raw.get(slot) is not None:  # an index input has no grad_input
            f["tensors"][slot] = raw[slot]
            case[slot] = {"file": fname, "key": slot}
    if s.get("format") == 1:
        case = to_format1(case)
    return case, files


def to_format1(case):
    """The same case in ``torch-parity-case/1`` (one Conv1d / ConvTranspose1d, inline)."""
    assert case["module"] in ("Conv1d", "ConvTranspose1d") and "children" not in case
    state = case.get("state")
    c1 = {"format": FORMAT1}
    for key in ("name", "source", "torch_version", "module", "args", "dtype", "input", "output",
                "grad_output", "grad_input"):
        if key in case:
            c1[key] = case[key]
    c1["weight"] = state["weight"] if state is not None else None
    c1["bias"] = state.get("bias") if state is not None else None
    if "grads" in case:
        c1["grad_weight"] = case["grads"]["weight"]
        c1["grad_bias"] = case["grads"].get("bias")
    c1["seed"] = case.get("init_seed")
    c1["error"] = case.get("error")
    return c1


# ----------------------------------------------------------------------------------------------
# writing files
# ----------------------------------------------------------------------------------------------

def npz_bytes(tensors):
    """What ``np.savez(path, **tensors)`` writes (a stored zip of ``<key>.npy`` entries, each
    opened with ``force_zip64`` as numpy does), with fixed timestamps so reruns are identical."""
    import numpy as np

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as zf:
        for key, t in tensors.items():
            info = zipfile.ZipInfo(key + ".npy", date_time=(1980, 1, 1, 0, 0, 0))
            with zf.open(info, "w", force_zip64=True) as f:
                np.lib.format.write_array(f, np.ascontiguousarray(t.detach().numpy()),
                                          allow_pickle=False)
    data = buf.getvalue()
    with np.load(io.BytesIO(data)) as back:  # numpy reads it back as the same arrays
        assert list(back.keys()) == list(tensors), (list(back.keys()), list(tensors))
        for key, t in tensors.items():
            assert back[key].dtype == t.detach().numpy().dtype
            assert np.array_equal(back[key], t.detach().numpy(), equal_nan=True), key
    return data


def weight_file_bytes(fname, spec):
    tensors = spec["tensors"]
    if fname.endswith(".npz"):
        return npz_bytes(tensors)
    assert fname.endswith(".safetensors"), fname
    return safetensors_bytes(
        [(k, dtype_name(t), list(t.shape), t.detach().contiguous().numpy().tobytes())
         for k, t in tensors.items()], spec.get("metadata"))


def generated_files(root):
    """The files the generator owns under ``root``, relative to it, sorted."""
    found = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames.sort()
        for fn in sorted(filenames):
            if fn.endswith(GENERATED_EXTENSIONS):
                found.append(os.path.relpath(os.path.join(dirpath, fn), root))
    return sorted(found)


def _write(path, data, written):
    path = os.path.abspath(path)
    if path in written:
        with open(path, "rb") as f:
            assert f.read() == data, f"{path} written twice with different contents"
        return
    with open(path, "wb") as f:
        f.write(data)
    written.add(path)


def generate(out_dir, divergences_dir, quiet=False):
    _import_torch()
    if not torch.__version__.startswith("1.13") and not quiet:
        print(f"warning: torch {torch.__version__}, not 1.13: the files will differ from the "
              f"committed ones", file=sys.stderr)
    groups = all_specs()
    names = {}
    counts = {}
    sizes = {}
    written = set()
    # (group, folder its files go to): a subfolder per group under out_dir; the divergence
    # groups directly in divergences_dir
    placed = ([(g, os.path.join(out_dir, g)) for g in GROUP_ORDER + family_group_names()]
              + [(g, divergences_dir) for g in DIVERGENCE_GROUPS])
    for group, gdir in placed:
        specs = sorted(groups[group], key=lambda s: s["name"])
        os.makedirs(gdir, exist_ok=True)
        for s in specs:
            if s["name"] in names:
                raise SystemExit(f"duplicate case name {s['name']} in {group} and "
                                 f"{names[s['name']]}")
            names[s["name"]] = group
            case, files = run_spec(s)
            assert case["name"] == s["name"]
            text = dump_case(case).encode("utf-8")
            _write(os.path.join(gdir, s["name"] + ".json"), text, written)
            sizes[group] = sizes.get(group, 0) + len(text)
            for fname, fspec in files.items():
                data = weight_file_bytes(fname, fspec)
                _write(os.path.join(gdir, fname), data, written)
                sizes[group] = sizes.get(group, 0) + len(data)
        counts[group] = len(specs)
    # drop stale generated files (a README.md or other file there is left alone)
    for gdir in sorted({gdir for _, gdir in placed}):
        for fn in sorted(os.listdir(gdir)):
            path = os.path.abspath(os.path.join(gdir, fn))
            if fn.endswith(GENERATED_EXTENSIONS) and path not in written:
                os.remove(path)
    if not quiet:
        for label, root, gs in (("cases", out_dir, GROUP_ORDER + family_group_names()),
                                ("divergences", divergences_dir, DIVERGENCE_GROUPS)):
            for group in gs:
                print(f"{group:26s} {counts[group]:4d} cases {sizes.get(group, 0):9d} bytes")
            print(f"{'= ' + label:26s} {sum(counts[g] for g in gs):4d} cases "
                  f"{sum(sizes.get(g, 0) for g in gs):9d} bytes in {root}")
    return counts, sizes


# ----------------------------------------------------------------------------------------------
# --check
# ----------------------------------------------------------------------------------------------

def check(committed_dir, divergences_dir):
    tmp = tempfile.mkdtemp(prefix="parity-cases-")
    try:
        generate(os.path.join(tmp, "cases"), os.path.join(tmp, "divergences"), quiet=True)
        problems = []
        total = 0
        for fresh, committed in ((os.path.join(tmp, "cases"), committed_dir),
                                 (os.path.join(tmp, "divergences"), divergences_dir)):
            new = set(generated_files(fresh))
            old = set(generated_files(committed)) if os.path.isdir(committed) else set()
            total += len(new)
            for rel in sorted(old - new):
                problems.append(f"only in {committed}: {rel}")
            for rel in sorted(new - old):
                problems.append(f"missing from {committed}: {rel}")
            for rel in sorted(old & new):
                if not filecmp.cmp(os.path.join(fresh, rel), os.path.join(committed, rel),
                                   shallow=False):
                    problems.append(f"differs: {os.path.join(committed, rel)}")
        if problems:
            print(f"--check: {len(problems)} difference(s) between the committed files and a "
                  f"fresh run:")
            for p in problems:
                print("  " + p)
            return 1
        print(f"--check: OK, all {total} files in {committed_dir} and {divergences_dir} are "
              f"byte-identical to a fresh run")
        return 0
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# ----------------------------------------------------------------------------------------------

def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", default=DEFAULT_OUT, help="output folder (default: %(default)s)")
    ap.add_argument("--divergences-out", default=DEFAULT_DIVERGENCES_OUT,
                    help="folder the PyTorch-1.13-vs-libtorch-2.7.1 divergence cases are written "
                         "to, flat (default: %(default)s)")
    ap.add_argument("--check", action="store_true",
                    help="regenerate into a temp dir and compare with --out and "
                         "--divergences-out; exit 1 on differences")
    ap.add_argument("--validate", nargs="+", metavar="PATH",
                    help="validate case files (files or folders) against the format "
                         "(torch-parity-case/2 and /1; standard library only)")
    ns = ap.parse_args(argv)
    if ns.validate:
        from validate_cases import validate

        return validate(ns.validate)
    if ns.check:
        return check(ns.out, ns.divergences_out)
    generate(ns.out, ns.divergences_out)
    return 0


if __name__ == "__main__":
    if os.environ.get("PYTHONHASHSEED") != "0" and "--validate" not in sys.argv[1:]:
        # PyTorch 1.13 formats Python sets in some error messages: fix the hash seed so those
        # messages (and so the files) are the same on every run.
        os.environ["PYTHONHASHSEED"] = "0"
        os.execv(sys.executable, [sys.executable] + sys.argv)
    sys.exit(main(sys.argv[1:]))
