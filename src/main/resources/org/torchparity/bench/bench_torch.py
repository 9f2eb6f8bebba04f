"""PyTorch eager side of torch-parity's `bench` command.

Reads one JSON object on stdin:
    {"cases": [{"name", "module", "in_channels", "out_channels", "kernel_size", "stride",
                "padding", "dilation", "groups", "bias", "input_shape", "backward"}, ...],
     "seconds": float, "warmup_seconds": float, "threads": int or null}
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


def rss_mb():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024.0
    return -1.0


def make_call(torch, case):
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
    for case in request["cases"]:
        before = rss_mb()
        call = make_call(torch, case)
        median, best, n, calls = measure(call, request["warmup_seconds"], request["seconds"])
        out["results"].append({"case": case["name"], "median_ms": median, "min_ms": best,
                               "samples": n, "calls": calls, "rss_before_mb": before,
                               "rss_after_mb": rss_mb()})
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
