#!/usr/bin/python3
"""Records the example models under ``recordings/<name>/`` with ``record_model.py``, the way a
user records their own, and checks each recording twice before keeping it. Run with Debian's
PyTorch 1.13:

    /usr/bin/python3 parity-tests/record_examples.py [--out DIR] [--only NAME ...]

The models are small versions of architectures of different kinds, each with a forward the way
such models are written (not only chains):

* ``audio_m5``: M5-style audio classifier, an ``nn.Sequential`` (so also one whole-model case);
* ``resnet1d``: a residual network, custom forward with adds, a 1x1 downsample branch, one ReLU
  module called several times, dropout, in training mode (batch statistics, buffers after);
* ``unet1d``: a U-Net, custom forward with concatenations, float64;
* ``tasnet``: a Conv-TasNet-style separation model (masks multiplied in, ConvTranspose1d decoder);
* ``text_cnn``: token embeddings into a 1-D CNN (int64 input);
* ``unknown_modules``: a model holding modules torch-parity does not implement: an ``nn.LSTM``, a
  user's own ``Snake`` activation and a ``CausalConv1d`` subclass of ``nn.Conv1d`` with its own
  forward; ``check`` must skip those by name while every other call passes.

Every recording is checked here: (1) the model is left as it was (parameters, buffers, modes,
``.grad``, RNG state); (2) each case is replayed through PyTorch from its file alone (the module
rebuilt from ``module``/``args``/``children``, the state loaded strictly, the input run, outputs,
buffers after and gradients compared bit for bit), which proves that the arguments read back
from the modules' attributes rebuild the modules. The time to record each model is printed.
"""
import argparse
import json
import os
import shutil
import struct
import sys
import time
from collections import OrderedDict

import torch
from torch import nn

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import record_model  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
torch.set_num_threads(1)


# ------------------------------------------------------------------------------------------------
# the models
# ------------------------------------------------------------------------------------------------

def audio_m5():
    """M5 (Dai et al. 2017), channels cut to 8/16: conv-bn-relu-pool x3, global pool, linear."""
    return nn.Sequential(OrderedDict([
        ("conv1", nn.Conv1d(1, 8, 80, stride=16)), ("bn1", nn.BatchNorm1d(8)),
        ("relu1", nn.ReLU()), ("pool1", nn.MaxPool1d(4)),
        ("conv2", nn.Conv1d(8, 8, 3)), ("bn2", nn.BatchNorm1d(8)),
        ("relu2", nn.ReLU()), ("pool2", nn.MaxPool1d(4)),
        ("conv3", nn.Conv1d(8, 16, 3, padding=1)), ("bn3", nn.BatchNorm1d(16)),
        ("relu3", nn.ReLU()), ("pool3", nn.AdaptiveAvgPool1d(1)),
        ("flatten", nn.Flatten()), ("fc", nn.Linear(16, 10)), ("out", nn.LogSoftmax(dim=1)),
    ]))


class BasicBlock(nn.Module):
    """ResNet's basic block in 1-D: conv-bn-relu-conv-bn plus the shortcut, then relu (the same
    ReLU module both times)."""

    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv1d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm1d(cout)
        self.conv2 = nn.Conv1d(cout, cout, 3, padding=1, bias=False)
        self.bn2 = nn.BatchNorm1d(cout)
        self.relu = nn.ReLU(inplace=True)
        self.downsample = (nn.Sequential(nn.Conv1d(cin, cout, 1, stride=stride, bias=False),
                                         nn.BatchNorm1d(cout))
                           if stride != 1 or cin != cout else None)

    def forward(self, x):
        identity = x if self.downsample is None else self.downsample(x)
        y = self.relu(self.bn1(self.conv1(x)))
        y = self.bn2(self.conv2(y))
        return self.relu(y + identity)


class ResNet1d(nn.Module):
    def __init__(self, classes=5):
        super().__init__()
        self.stem = nn.Sequential(nn.Conv1d(2, 8, 7, stride=2, padding=3, bias=False),
                                  nn.BatchNorm1d(8), nn.ReLU(),
                                  nn.MaxPool1d(3, stride=2, padding=1))
        self.layer1 = BasicBlock(8, 8, 1)
        self.layer2 = BasicBlock(8, 16, 2)
        self.pool = nn.AdaptiveMaxPool1d(1)
        self.drop = nn.Dropout(0.25)
        self.fc = nn.Linear(16, classes)

    def forward(self, x):
        y = self.layer2(self.layer1(self.stem(x)))
        return self.fc(self.drop(self.pool(y).squeeze(-1)))


def resnet1d():
    return ResNet1d()


class UNet1d(nn.Module):
    """Two levels down, two up, skips concatenated on channels."""

    @staticmethod
    def block(cin, cout):
        return nn.Sequential(nn.Conv1d(cin, cout, 3, padding=1), nn.GroupNorm(2, cout),
                             nn.LeakyReLU(0.1), nn.Conv1d(cout, cout, 3, padding=1), nn.ELU())

    def __init__(self):
        super().__init__()
        self.enc1 = self.block(1, 4)
        self.down1 = nn.AvgPool1d(2)
        self.enc2 = self.block(4, 8)
        self.down2 = nn.MaxPool1d(2)
        self.bottom = nn.Sequential(nn.ReflectionPad1d(2), nn.Conv1d(8, 8, 5), nn.GELU())
        self.up2 = nn.ConvTranspose1d(8, 8, 2, stride=2)
        self.dec2 = self.block(16, 8)
        self.up1 = nn.Upsample(scale_factor=2.0, mode="linear", align_corners=False)
        self.dec1 = self.block(12, 4)
        self.head = nn.Sequential(nn.Conv1d(4, 1, 1), nn.Hardtanh(-2.0, 2.0))

    def forward(self, x):
        s1 = self.enc1(x)
        s2 = self.enc2(self.down1(s1))
        y = self.bottom(self.down2(s2))
        y = self.dec2(torch.cat([self.up2(y), s2], dim=1))
        y = self.dec1(torch.cat([self.up1(y), s1], dim=1))
        return self.head(y)


def unet1d():
    return UNet1d()


class SeparationBlock(nn.Module):
    """Conv-TasNet's 1-D conv block: 1x1, PReLU, norm, depthwise dilated, PReLU, norm, 1x1,
    with a residual add."""

    def __init__(self, channels, hidden, dilation):
        super().__init__()
        self.inp = nn.Conv1d(channels, hidden, 1)
        self.act1 = nn.PReLU()
        self.norm1 = nn.GroupNorm(1, hidden, eps=1e-8)
        self.depthwise = nn.Conv1d(hidden, hidden, 3, padding=dilation, dilation=dilation,
                                   groups=hidden)
        self.act2 = nn.PReLU()
        self.norm2 = nn.GroupNorm(1, hidden, eps=1e-8)
        self.out = nn.Conv1d(hidden, channels, 1)

    def forward(self, x):
        y = self.norm1(self.act1(self.inp(x)))
        y = self.norm2(self.act2(self.depthwise(y)))
        return x + self.out(y)


class TasNet(nn.Module):
    """Encoder, separator (blocks of growing dilation), sigmoid masks multiplied into the encoded
    mixture, and a ConvTranspose1d decoder per source."""

    def __init__(self, sources=2, basis=16, kernel=8):
        super().__init__()
        self.sources, self.basis = sources, basis
        self.encoder = nn.Conv1d(1, basis, kernel, stride=kernel // 2, bias=False)
        self.enc_act = nn.ReLU()
        self.bottleneck = nn.Conv1d(basis, 16, 1)
        self.blocks = nn.ModuleList([SeparationBlock(16, 24, 2 ** i) for i in range(3)])
        self.mask = nn.Sequential(nn.PReLU(), nn.Conv1d(16, sources * basis, 1), nn.Sigmoid())
        self.decoder = nn.ConvTranspose1d(basis, 1, kernel, stride=kernel // 2, bias=False)

    def forward(self, x):
        w = self.enc_act(self.encoder(x))
        y = self.bottleneck(w)
        for block in self.blocks:
            y = block(y)
        masks = self.mask(y).view(x.shape[0], self.sources, self.basis, -1)
        est = [self.decoder(w * masks[:, i]) for i in range(self.sources)]
        return torch.cat(est, dim=1)


def tasnet():
    return TasNet()


class TextCnn(nn.Module):
    """Token embeddings, transposed to channels, convolutions of widths 2 and 3 pooled over
    time, a LayerNorm'd head."""

    def __init__(self, vocab=40, dim=8, classes=3):
        super().__init__()
        self.embed = nn.Embedding(vocab, dim, padding_idx=0)
        self.conv2 = nn.Sequential(nn.Conv1d(dim, 6, 2), nn.InstanceNorm1d(6, affine=True),
                                   nn.Mish(), nn.AdaptiveMaxPool1d(1))
        self.conv3 = nn.Sequential(nn.Conv1d(dim, 6, 3, padding="same"), nn.Hardswish(),
                                   nn.AdaptiveAvgPool1d(1))
        self.head = nn.Sequential(nn.Flatten(), nn.LayerNorm(12), nn.SiLU(),
                                  nn.Linear(12, classes), nn.Softmax(dim=-1))

    def forward(self, tokens):
        x = self.embed(tokens).transpose(1, 2)
        return self.head(torch.cat([self.conv2(x), self.conv3(x)], dim=1))


def text_cnn():
    return TextCnn()


class Snake(nn.Module):
    """The Snake activation (Ziyin et al. 2020; BigVGAN, DAC): x + sin^2(alpha x) / alpha, one
    learnable alpha per channel. A user's own class: torch-parity cannot know its forward."""

    def __init__(self, channels):
        super().__init__()
        self.alpha = nn.Parameter(torch.ones(1, channels, 1) + 0.1 * torch.randn(1, channels, 1))

    def forward(self, x):
        return x + torch.sin(self.alpha * x) ** 2 / self.alpha


class CausalConv1d(nn.Conv1d):
    """A subclass of Conv1d that pads on the left only: its arguments look like a Conv1d's but
    its forward is not, so the recorder records it under its own name."""

    def forward(self, x):
        pad = (self.kernel_size[0] - 1) * self.dilation[0]
        return super().forward(nn.functional.pad(x, (pad, 0)))


class UnknownModules(nn.Module):
    def __init__(self):
        super().__init__()
        self.front = nn.Conv1d(2, 8, 5, padding=2)
        self.snake = Snake(8)
        self.causal = CausalConv1d(8, 8, 3, dilation=2)
        self.act = nn.Tanh()
        self.lstm = nn.LSTM(8, 6, batch_first=True)
        self.head = nn.Linear(6, 4)

    def forward(self, x):
        y = self.act(self.causal(self.snake(self.front(x))))
        out, _ = self.lstm(y.transpose(1, 2))
        return self.head(out[:, -1])


def unknown_modules():
    return UnknownModules()


def _randomise_norm_buffers(model):
    """Non-trivial running statistics (a fresh module holds zeros and ones, which would hide a
    mix-up of mean and variance), as a trained model has."""
    with torch.no_grad():
        for m in model.modules():
            if getattr(m, "track_running_stats", False) and m.running_mean is not None:
                m.running_mean.copy_(torch.randn(m.running_mean.shape) * 0.5)
                m.running_var.copy_(torch.rand(m.running_var.shape) + 0.5)
                m.num_batches_tracked.fill_(10)


# name, factory, input, dtype, mode, grad
EXAMPLES = [
    ("audio_m5", audio_m5, ("randn", [2, 1, 1600]), torch.float32, "eval", True),
    ("resnet1d", resnet1d, ("randn", [4, 2, 64]), torch.float32, "train", True),
    ("unet1d", unet1d, ("randn", [2, 1, 32]), torch.float64, "eval", True),
    ("tasnet", tasnet, ("randn", [2, 1, 128]), torch.float32, "eval", True),
    ("text_cnn", text_cnn, ("randint", [3, 9], 40), torch.float32, "eval", True),
    ("unknown_modules", unknown_modules, ("randn", [2, 2, 24]), torch.float32, "eval", False),
]


# ------------------------------------------------------------------------------------------------
# the checks
# ------------------------------------------------------------------------------------------------

def _snapshot(model):
    return ({k: v.detach().clone() for k, v in model.state_dict().items()},
            [m.training for m in model.modules()],
            [p.grad for p in model.parameters()],
            torch.get_rng_state())


def _assert_untouched(model, before):
    state, modes, grads, rng = before
    now = model.state_dict()
    assert list(now) == list(state), "state keys changed"
    for k, v in state.items():
        assert torch.equal(now[k], v), f"{k} changed"
    assert [m.training for m in model.modules()] == modes, "a module's mode changed"
    assert all(p.grad is g for p, g in zip(model.parameters(), grads)), "a .grad changed"
    assert torch.equal(torch.get_rng_state(), rng), "the RNG state changed"


ST_DTYPES = {"F32": torch.float32, "F64": torch.float64, "I64": torch.int64, "BOOL": torch.bool}


def _read_safetensors(path):
    with open(path, "rb") as f:
        n = struct.unpack("<Q", f.read(8))[0]
        header = json.loads(f.read(n))
        blob = f.read()
    out = {}
    for k, e in header.items():
        if k == "__metadata__":
            continue
        b, end = e["data_offsets"]
        t = torch.frombuffer(bytearray(blob[b:end]) or bytearray(1), dtype=ST_DTYPES[e["dtype"]])
        out[k] = t[:(end - b) // t.element_size()].reshape(e["shape"]).clone()
    return out


def _same_bits(a, b):
    if a.shape != b.shape or a.dtype != b.dtype:
        return False
    if a.dtype.is_floating_point:
        return torch.equal(torch.isnan(a), torch.isnan(b)) and torch.equal(
            a.nan_to_num(), b.nan_to_num()) and torch.equal(torch.signbit(a), torch.signbit(b))
    return torch.equal(a, b)


def _build(module, args, children):
    if module == "Sequential":
        return nn.Sequential(OrderedDict((c["name"], _build(c["module"], c.get("args", {}),
                                                             c.get("children")))
                                         for c in children))
    return getattr(nn, module)(**args)


def replay_in_torch(folder):
    """Replays every case of a recording through PyTorch from the files alone: returns
    (replayed, skipped names); raises AssertionError on the first difference."""
    files = {}

    def tensor(ref):
        if ref["file"] not in files:
            files[ref["file"]] = _read_safetensors(os.path.join(folder, ref["file"]))
        return files[ref["file"]][ref["key"]]

    known = {c.__name__ for c in record_model.ARGS}
    replayed, skipped = 0, []
    for fname in sorted(os.listdir(folder)):
        if not fname.endswith(".json"):
            continue
        with open(os.path.join(folder, fname), encoding="utf-8") as f:
            case = json.load(f)
        names = [case["module"]] + [c["module"] for c in case.get("children", [])]
        if any(n not in known and n != "Sequential" for n in names):
            skipped.append(case["module"])
            continue
        m = _build(case["module"], case["args"], case.get("children"))
        m.to(getattr(torch, case["dtype"]))
        m.load_state_dict({k: tensor(r) for k, r in case.get("state", {}).items()}, strict=True)
        m.train(case["training"])
        xs = [tensor(r) for r in ([case["input"]] if "input" in case else case["inputs"])]
        grad = "grad_output" in case
        leaves = [x.clone().requires_grad_(grad and x.is_floating_point()) for x in xs]
        if "forward_seed" in case:
            torch.manual_seed(case["forward_seed"])
        with torch.set_grad_enabled(grad):
            y = m(*[x.clone() if x.requires_grad else x for x in leaves])
        ys = list(y) if isinstance(y, tuple) else [y]
        want = [tensor(r) for r in ([case["output"]] if "output" in case else case["outputs"])]
        assert all(_same_bits(a.detach(), b) for a, b in zip(ys, want)) and len(ys) == len(
            want), f"{fname}: output differs"
        for k, r in case.get("state_after", {}).items():
            assert _same_bits(m.state_dict()[k], tensor(r)), f"{fname}: state_after {k} differs"
        if grad:
            params = OrderedDict(m.named_parameters())
            wrt = [x for x in leaves if x.requires_grad] + list(params.values())
            got = torch.autograd.grad([ys[0]], wrt, [tensor(case["grad_output"])],
                                      allow_unused=True)
            n_in = len([x for x in leaves if x.requires_grad])
            if "grad_input" in case:
                assert _same_bits(got[0], tensor(case["grad_input"])), f"{fname}: grad_input"
            for (k, p), g in zip(params.items(), got[n_in:]):
                g = torch.zeros_like(p) if g is None else g
                assert _same_bits(g, tensor(case["grads"][k])), f"{fname}: grads.{k}"
        replayed += 1
    return replayed, skipped


# ------------------------------------------------------------------------------------------------

def record_one(name, factory, inp, dtype, mode, grad, out_root):
    seed = _seed(name)
    torch.manual_seed(seed)
    model = factory().to(dtype)
    _randomise_norm_buffers(model)
    model.train(mode == "train")
    g = torch.Generator().manual_seed(seed)
    if inp[0] == "randint":
        x = torch.randint(0, inp[2], inp[1], generator=g)
        how = f"torch.randint(0, {inp[2]}, {inp[1]})"
    else:
        x = torch.randn(inp[1], generator=g, dtype=dtype)
        how = f"torch.randn({inp[1]}, dtype=torch.{str(dtype)[6:]})"
    before = _snapshot(model)
    folder = os.path.join(out_root, name)
    if os.path.isdir(folder):
        shutil.rmtree(folder)
    source = (f"parity-tests/record_examples.py {factory.__name__}() (torch.manual_seed({seed}), "
              f"the factory, norm buffers randomised, {mode} mode) on x = {how} from a generator "
              f"seeded with {seed}")
    started = time.perf_counter()
    summary = record_model.record(model, x, folder, name=name, grad=grad, seed=seed,
                                  source=source)
    seconds = time.perf_counter() - started
    _assert_untouched(model, before)
    replayed, skipped = replay_in_torch(folder)
    size = sum(os.path.getsize(os.path.join(folder, f)) for f in os.listdir(folder))
    unknown = ", ".join(f"{k} x{n}" for k, n in summary["unknown"].items()) or "none"
    print(f"{name}: {summary['calls']} calls, {summary['blocks']} whole case(s), recorded in "
          f"{seconds:.3f} s, {size / 1024:.0f} KiB; replayed in PyTorch bit for bit: {replayed}, "
          f"not rebuildable here: {', '.join(skipped) or 'none'}; unknown to the recorder: "
          f"{unknown}")
    return size


def _seed(name):
    import zlib
    return zlib.crc32(name.encode("utf-8")) & 0x7FFFFFFF


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--out", default=os.path.join(HERE, "recordings"))
    p.add_argument("--only", nargs="*")
    a = p.parse_args(argv)
    total = 0
    for name, factory, inp, dtype, mode, grad in EXAMPLES:
        if a.only and name not in a.only:
            continue
        total += record_one(name, factory, inp, dtype, mode, grad, a.out)
    print(f"total {total / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
