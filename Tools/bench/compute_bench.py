"""PyTorch side of the Compute benchmark (compare with ComputeBenchmark in Swift).

Runs the same shapes as Sources/Compute/ComputeBenchmark.swift on the CPU with two
threads: a 2048^3 sgemm and the Double-Head conv branch (res_block 3x3 256->256,
1x1 256->1024, identity 1x1 256->1024, 4 bottlenecks 1024->256->256(3x3)->1024, BN
folded into conv biases, then global average pooling) on N x 256 x 7 x 7.

    ../dhvenv/bin/python Tools/bench/compute_bench.py --rois 1000 --chunk 0 --repeats 1

Side by side with the Swift engine, alternating rounds so both see the same load
(CMD must print a line ending in "<number> GFLOP/s" for the conv head, e.g. a
program calling ComputeBenchmark.convHead(rois:chunk:) and printing its Measurement):

    ../dhvenv/bin/python Tools/bench/compute_bench.py --rois 200 --rounds 5 --swift "CMD"

The machine may be shared: compare ratios measured in the same session, not absolutes.
"""
from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import time

import torch
import torch.nn as nn
import torch.nn.functional as F


def macs_per_roi(cin=256, cout=1024, nb=4):
    mid = cout // 4
    return 49 * (cin * cin * 9 + 2 * cin * cout + nb * (cout * mid + mid * mid * 9 + mid * cout))


class ConvHead(nn.Module):
    def __init__(self):
        super().__init__()
        self.c1 = nn.Conv2d(256, 256, 3, 1, 1)
        self.c2 = nn.Conv2d(256, 1024, 1)
        self.idn = nn.Conv2d(256, 1024, 1)
        self.blocks = nn.ModuleList([nn.ModuleList([nn.Conv2d(1024, 256, 1), nn.Conv2d(256, 256, 3, 1, 1),
                                                    nn.Conv2d(256, 1024, 1)]) for _ in range(4)])

    def forward(self, x):
        y = F.relu(self.c2(F.relu(self.c1(x))) + self.idn(x))
        for a, b, c in self.blocks:
            y = F.relu(c(F.relu(b(F.relu(a(y))))) + y)
        return F.adaptive_avg_pool2d(y, 1).flatten(1)


def best(repeats, fn):
    t = float("inf")
    for _ in range(repeats):
        s = time.perf_counter()
        fn()
        t = min(t, time.perf_counter() - s)
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rois", type=int, default=1000)
    ap.add_argument("--chunk", type=int, default=0, help="RoIs per forward (0 = all at once)")
    ap.add_argument("--repeats", type=int, default=1)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--skip-sgemm", action="store_true")
    ap.add_argument("--swift", default=None, help="command printing the Swift conv-head GFLOP/s")
    ap.add_argument("--rounds", type=int, default=3, help="alternating rounds with --swift")
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    torch.manual_seed(0)
    with torch.inference_mode():
        if not args.skip_sgemm:
            n = 2048
            a, b = torch.rand(n, n), torch.rand(n, n)
            torch.mm(a, b)
            t = best(3, lambda: torch.mm(a, b))
            print(f"torch sgemm {n}: {t:.3f} s, {2 * n ** 3 / t / 1e9:.1f} GFLOP/s")
        head = ConvHead().eval()
        x = torch.rand(args.rois, 256, 7, 7)
        step = args.chunk if args.chunk > 0 else args.rois
        head(x[:8])  # warm-up (oneDNN primitive creation)

        def run():
            for s in range(0, args.rois, step):
                head(x[s:s + step])
        flops = 2 * macs_per_roi() * args.rois
        if args.swift is None:
            t = best(args.repeats, run)
            print(f"torch convHead rois={args.rois} chunk={args.chunk}: {t:.3f} s, {flops / t / 1e9:.1f} GFLOP/s")
            return
        ratios = []
        for r in range(args.rounds):
            torch_rate = flops / best(args.repeats, run) / 1e9
            out = subprocess.run(args.swift, shell=True, capture_output=True, text=True, check=True).stdout
            rates = re.findall(r"([0-9.]+) GFLOP/s", out)
            if not rates:
                raise SystemExit(f"no GFLOP/s in output of {args.swift!r}: {out!r}")
            swift_rate = float(rates[-1])
            ratios.append(swift_rate / torch_rate)
            print(f"round {r + 1}: torch {torch_rate:.1f} GFLOP/s, swift {swift_rate:.1f} GFLOP/s, "
                  f"swift/torch {ratios[-1]:.2f}", flush=True)
        print(f"median swift/torch over {len(ratios)} rounds: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
