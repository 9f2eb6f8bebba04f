"""Recording a model's calls: one case per leaf-module call, cut from a forward pass with hooks.

``TinyResidual`` is a small model whose forward is not a chain (a residual block, one module
called twice, and a GELU, which torch-parity did not implement when this recording was made).
A forward pre-hook and a forward hook on every leaf module record the module, its state before
the call, its input and its output; each call becomes a case with ``model``, ``path`` (the qualified name) and ``call``
(the position in the model's execution order). torch-parity replays them in ``call`` order;
every call passes (a module torch-parity does not implement would SKIP by name).
"""
from collections import OrderedDict

import torch
from torch import nn

from caselib import FORMAT2, case_seed, enc, enc_map

MODEL = "tiny_residual"


class TinyResidual(nn.Module):
    def __init__(self):
        super().__init__()
        self.conv_in = nn.Conv1d(2, 4, 3, padding=1)
        self.block = nn.Sequential(OrderedDict([
            ("conv1", nn.Conv1d(4, 4, 3, padding=1, padding_mode="reflect")),
            ("relu", nn.ReLU()),
            ("conv2", nn.Conv1d(4, 4, 3, padding=2, dilation=2)),
        ]))
        self.act = nn.ReLU()
        self.gelu = nn.GELU()
        self.up = nn.ConvTranspose1d(4, 2, 4, stride=2, padding=1)

    def forward(self, x):
        h = self.act(self.conv_in(x))
        h = self.act(h + self.block(h))  # the skip connection; act runs a second time
        return self.up(self.gelu(h))


FORWARD_TEXT = ("h = act(conv_in(x)); h = act(h + block(h)) with block = conv1 -> relu -> conv2; "
                "y = up(gelu(h))")


def module_args(m):
    """The constructor keywords that rebuild ``m`` (PyTorch's names, scalars for 1-D tuples)."""
    if isinstance(m, (nn.Conv1d, nn.ConvTranspose1d)):
        args = {"in_channels": m.in_channels, "out_channels": m.out_channels,
                "kernel_size": m.kernel_size[0], "stride": m.stride[0],
                "padding": m.padding if isinstance(m.padding, str) else m.padding[0]}
        if isinstance(m, nn.ConvTranspose1d):
            args["output_padding"] = m.output_padding[0]
        args.update(dilation=m.dilation[0], groups=m.groups, bias=m.bias is not None,
                    padding_mode=m.padding_mode)
        return args
    if isinstance(m, nn.ReLU):
        return {"inplace": m.inplace}
    if isinstance(m, nn.GELU):
        return {"approximate": m.approximate}
    raise ValueError(f"no argument recipe for {type(m).__name__}")


def tiny_residual_specs():
    """The recorded cases, wrapped as specifications ({"name", "case"}) for generate_cases."""
    seed = case_seed(MODEL)
    torch.manual_seed(seed)
    model = TinyResidual()
    x = torch.randn(2, 2, 8)
    calls = []

    def pre(path):
        def hook(module, inputs):
            calls.append({"path": path, "module": module, "input": inputs[0].detach().clone(),
                          "state": OrderedDict((k, v.detach().clone())
                                               for k, v in module.state_dict().items())})
        return hook

    def post(path):
        def hook(module, inputs, output):
            assert calls[-1]["path"] == path
            calls[-1]["output"] = output.detach().clone()
        return hook

    for path, module in model.named_modules():
        if path and not list(module.children()):
            module.register_forward_pre_hook(pre(path))
            module.register_forward_hook(post(path))
    with torch.no_grad():
        model(x)

    specs = []
    for call, c in enumerate(calls):
        name = f"{MODEL}_{call:02d}_{c['path'].replace('.', '_')}"
        case = {"format": FORMAT2, "name": name,
                "source": f"recorded with forward hooks from TinyResidual "
                          f"(parity-tests/recording.py: {FORWARD_TEXT}) on "
                          f"x = torch.randn(2, 2, 8) after torch.manual_seed({seed}) and "
                          f"building the model; leaf-module call {call} of {len(calls)}",
                "torch_version": torch.__version__, "model": MODEL, "path": c["path"],
                "call": call, "module": type(c["module"]).__name__,
                "args": module_args(c["module"]), "dtype": "float32"}
        if c["state"]:
            case["state"] = enc_map(c["state"], "float32")
        case["input"] = enc(c["input"], "float32")
        case["output"] = enc(c["output"], "float32")
        specs.append({"name": name, "case": case})
    return specs
