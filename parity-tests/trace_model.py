#!/usr/bin/python3
"""Traces an example model with ``torch.jit.trace`` and writes, side by side, the eager recording
(``record_model.py``: every call, plus the whole model's ``model.input`` / ``model.output`` in
``<name>_tensors.safetensors``) and the TorchScript export ``<name>.torchscript.pt``, so that
``check --torchscript DIR/<name>.torchscript.pt DIR`` compares the export with eager PyTorch.
Run with Debian's PyTorch 1.13::

    /usr/bin/python3 parity-tests/trace_model.py --example audio_m5 [--out DIR]

The model, its weights and its input are those of ``record_examples.py`` (the same seed), in
eval mode (a traced model in training mode would replay its dropout masks at random). The traced
model is run once more here on the recorded input and must give the eager output bit for bit.
"""
import argparse
import os
import sys

import torch

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import record_examples  # noqa: E402
import record_model  # noqa: E402

torch.set_num_threads(1)


def trace(name, out_dir):
    example = {e[0]: e for e in record_examples.EXAMPLES}.get(name)
    if example is None:
        raise SystemExit(f"--example: expected one of {sorted(e[0] for e in record_examples.EXAMPLES)}"
                         f" but found {name!r}")
    _, factory, inp, dtype, _, _ = example
    seed = record_examples._seed(name)
    torch.manual_seed(seed)
    model = factory().to(dtype)
    record_examples._randomise_norm_buffers(model)
    model.eval()
    g = torch.Generator().manual_seed(seed)
    if inp[0] == "randint":
        x = torch.randint(0, inp[2], inp[1], generator=g)
    else:
        x = torch.randn(inp[1], generator=g, dtype=dtype)
    source = (f"parity-tests/trace_model.py --example {name}: {factory.__name__}() as in "
              f"record_examples.py (seed {seed}), eval mode")
    record_model.record(model, x, out_dir, name=name, grad=False, seed=seed, source=source)
    with torch.no_grad():
        eager = model(x)
        traced = torch.jit.trace(model, (x,))
        again = traced(x)
    if not torch.equal(eager, again):
        raise SystemExit(f"{name}: the traced model differs from eager in PyTorch itself: max abs "
                         f"{(eager - again).abs().max().item()}")
    path = os.path.join(out_dir, f"{name}.torchscript.pt")
    traced.save(path)
    print(f"{name}: traced with torch {torch.__version__}, {os.path.getsize(path)} bytes -> {path}"
          f"; traced == eager bit for bit in PyTorch")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--example", required=True, nargs="+", help="names in record_examples.py")
    p.add_argument("--out", default=os.path.join(HERE, "torchscript"),
                   help="parent folder; each example goes to OUT/<name>/")
    a = p.parse_args(argv)
    for name in a.example:
        trace(name, os.path.join(a.out, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
