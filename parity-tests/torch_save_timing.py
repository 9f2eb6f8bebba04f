#!/usr/bin/python3
"""Times torch.load of a ~100 MB state dict, to compare with torch-parity's .pt reader.

    /usr/bin/python3 parity-tests/torch_save_timing.py /tmp/sd100.pt   # writes it if absent

The file (25 float32 tensors of 1024 x 1024, 104,857,600 bytes of data, like a model's state
dict) is not committed. Prints the first load and the median of five more, with weights_only
True and False. The Java side: TorchSaveProbe (src/test/java/org/torchparity/io).
"""
import collections
import os
import statistics
import sys
import time

import torch


def main():
    path = sys.argv[1]
    if not os.path.exists(path):
        torch.manual_seed(0)
        sd = collections.OrderedDict(
            ("layers.%d.weight" % i, torch.randn(1024, 1024)) for i in range(25))
        torch.save(sd, path)
    print("file: %s, %d bytes; torch %s, %d threads" % (
        path, os.path.getsize(path), torch.__version__, torch.get_num_threads()))
    for weights_only in (True, False):
        times = []
        for _ in range(6):
            start = time.perf_counter()
            sd = torch.load(path, weights_only=weights_only)
            times.append(time.perf_counter() - start)
            del sd
        print("torch.load(weights_only=%s): first %.3f s, median of next 5 %.3f s" % (
            weights_only, times[0], statistics.median(times[1:])))


if __name__ == "__main__":
    main()
