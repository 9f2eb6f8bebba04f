"""PyTorch eager side of torch-parity's `bench` command.

Reads one JSON object on stdin:
    {"cases": [{"name", "module", "in_channels", "out_channels", "kernel_size", "stride",
                "padding", "dilation", "groups", "bias", "input_shape", "backward"}, ...],
     "seconds": float, "warmup_seconds": float, "threads": int or null,
     "weights", "inputs", "output": npz paths, for a whole-model case (its "model" key),
     "trace": a path: trace the model case there with torch.jit.trace instead of timing}
and prints one JSON object on stdout:
    {"torch": version, "threads": n, "results": [{"case", "median_ms", "min_ms", "samples",
     "calls", "rss_before_mb", "rss_after_mb"}, ...]}

It times what a PyTorch user writes: the module called on a tensor that already exists (inputs are
made once, outside the timing), under torch.no_grad() for forward cases; for backward cases
x.requires_grad_(), y = conv(x), y.backward(grad_output), with the gradients reset to None between
calls. Timing follows the Java harness: a time-boxed warm-up, batches of at least 1 ms, five
rounds, the median per-call time over all batches.
"""

import json
import sys
import time


def rss_mb(key="VmRSS:"):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key):
                return int(line.split()[1]) / 1024.0
    return -1.0


def build_model(torch, name):
    """The whole-model cases of ModelCases.java, with the same child names (state-dict keys)."""
    nn = torch.nn
    if name == "model-audio":
        layers = []
        for c_in, c_out, k, s in [(1, 32, 80, 16), (32, 32, 3, 1), (32, 64, 3, 1), (64, 64, 3, 1)]:
            layers += [nn.Conv1d(c_in, c_out, k, stride=s), nn.BatchNorm1d(c_out), nn.ReLU(),
                       nn.MaxPool1d(4)]
        layers += [nn.AdaptiveAvgPool1d(1), nn.Flatten(), nn.Linear(64, 35)]
        return nn.Sequential(*layers)
    raise ValueError("unknown model case " + name)


def resnet_forward(m, x):
    """ModelCases.resnet()'s forward."""
    x = m.relu(m.bn(m.conv(x)))
    for i in range(4):
        b = "b%d_" % i
        y = m.relu(getattr(m, b + "bn1")(getattr(m, b + "conv1")(x)))
        y = getattr(m, b + "bn2")(getattr(m, b + "conv2")(y))
        x = m.relu(y + x)
    return m.fc(m.flatten(m.pool(x)))


def separation_forward(m, x):
    """ModelCases.separation()'s forward."""
    w = m.relu(m.encoder(x))
    y = m.bottleneck(m.norm(w))
    for i in range(4):
        b = "b%d_" % i
        z = getattr(m, b + "norm1")(getattr(m, b + "act1")(getattr(m, b + "in")(y)))
        z = getattr(m, b + "norm2")(getattr(m, b + "act2")(getattr(m, b + "dconv")(z)))
        y = y + getattr(m, b + "out")(z)
    mask = m.sigmoid(m.mask_conv(m.mask_act(y)))
    return m.decoder(w * mask)


FORWARDS = {"model-resnet": resnet_forward, "model-separation": separation_forward}


def build_graph(torch, case):
    """A custom-forward model: each child from its repr (PyTorch's repr is its constructor call),
    registered under the Java child's name, so the state-dict keys agree."""
    nn = torch.nn
    forward = FORWARDS[case["model"]]

    class Graph(nn.Module):
        def forward(self, x):
            return forward(self, x)

    model = Graph()
    for name, text in case["children"]:
        setattr(model, name, eval("nn." + text, {"nn": nn}))
    return model


def make_model_call(torch, case, request):
    """A model case: the Java-drawn weights and input from npz files, eval mode, no_grad; the
    output is written back for the Java side's check before timing."""
    import numpy as np
    if case.get("children"):
        model = build_graph(torch, case)
    else:
        model = build_model(torch, case["model"])
    with np.load(request["weights"]) as w:
        state = {k: torch.from_numpy(w[k].copy()) for k in w.files}
    model.load_state_dict(state, strict=True)
    model.eval()
    model.requires_grad_(False)
    with np.load(request["inputs"]) as f:
        x = torch.from_numpy(f["input"].copy())
    with torch.no_grad():
        y = model(x)
    np.savez(request["output"], output=y.numpy())

    def forward():
        with torch.no_grad():
            return model(x)

    return forward


def trace_case(torch, case, request):
    """The torchscript implementation's file: the same model and weights traced on the input
    (torch.jit.trace, eval mode) and saved for DJL to load."""
    import numpy as np
    if case.get("children"):
        model = build_graph(torch, case)
    else:
        model = build_model(torch, case["model"])
    with np.load(request["weights"]) as w:
        model.load_state_dict({k: torch.from_numpy(w[k].copy()) for k in w.files}, strict=True)
    model.eval()
    model.requires_grad_(False)
    with np.load(request["inputs"]) as f:
        x = torch.from_numpy(f["input"].copy())
    with torch.no_grad():
        traced = torch.jit.trace(model, x)
    traced.save(request["trace"])


def make_call(torch, case, request):
    if case.get("model"):
        return make_model_call(torch, case, request)
    module = torch.nn.Conv1d if case["module"] == "Conv1d" else torch.nn.ConvTranspose1d
    kwargs = dict(stride=case["stride"], padding=case["padding"], dilation=case["dilation"],
                  groups=case["groups"], bias=case["bias"])
    torch.manual_seed(1)
    conv = module(case["in_channels"], case["out_channels"], case["kernel_size"], **kwargs)
    x = torch.empty(case["input_shape"]).uniform_(-1, 1)
    if not case["backward"]:
        conv.requires_grad_(False)

        def forward():
            with torch.no_grad():
                return conv(x)

        return forward

    grad_output = torch.empty(conv(x).shape).uniform_(-1, 1)

    def backward():
        conv.weight.grad = None
        if conv.bias is not None:
            conv.bias.grad = None
        xi = x.detach().requires_grad_()
        y = conv(xi)
        y.backward(grad_output)
        return xi.grad

    return backward


def measure(call, warmup, seconds, rounds=5, min_samples=5):
    calls = 0
    start = time.perf_counter()
    while True:
        call()
        calls += 1
        if time.perf_counter() - start >= warmup:
            break
    # batch size: enough calls for a batch of at least 1 ms
    batch = 1
    while True:
        t = time.perf_counter()
        for _ in range(batch):
            call()
        calls += batch
        elapsed = time.perf_counter() - t
        if elapsed >= 1e-3:
            break
        batch *= 2
    samples = []
    for _ in range(rounds):
        end = time.perf_counter() + seconds / rounds
        while True:
            t = time.perf_counter()
            for _ in range(batch):
                call()
            samples.append((time.perf_counter() - t) / batch)
            calls += batch
            if time.perf_counter() >= end:
                break
    while len(samples) < min_samples:
        t = time.perf_counter()
        for _ in range(batch):
            call()
        samples.append((time.perf_counter() - t) / batch)
        calls += batch
    samples.sort()
    n = len(samples)
    median = samples[n // 2] if n % 2 else 0.5 * (samples[n // 2 - 1] + samples[n // 2])
    return median * 1e3, samples[0] * 1e3, n, calls


def main():
    request = json.load(sys.stdin)
    try:
        import torch
    except Exception as e:  # noqa: BLE001 - any import failure means "no torch"
        print(json.dumps({"error": "cannot import torch: %s" % e}))
        return 3
    if request.get("threads"):
        torch.set_num_threads(int(request["threads"]))
    out = {"torch": torch.__version__, "threads": torch.get_num_threads(), "results": []}
    if request.get("trace"):
        for case in request["cases"]:
            trace_case(torch, case, request)
        out["traced"] = request["trace"]
        print(json.dumps(out))
        return 0
    for case in request["cases"]:
        before = rss_mb()
        call = make_call(torch, case, request)
        median, best, n, calls = measure(call, request["warmup_seconds"], request["seconds"])
        out["results"].append({"case": case["name"], "median_ms": median, "min_ms": best,
                               "samples": n, "calls": calls, "rss_before_mb": before,
                               "rss_after_mb": rss_mb(),
                               "peak_rss_mb": rss_mb("VmHWM:")})
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
