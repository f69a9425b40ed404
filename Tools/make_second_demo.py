#!/usr/bin/env python3
"""Write a second demo-shaped model, for showing two models side by side (docs/two-models.png).

The shipped demo (Samples/models/shapes-dh-ext.safetensors) changed as a model changes between
two trainings, so that the two agree on most objects and differ on some: its RoI head's class
biases favour square over star (star's logit -3, square's +1.5, in both the fc classifier
`fc_cls` and the conv classifier `conv_cls`), and its conv branch's regression (`fc_reg`, as
mmdetection names it) is 1.2 times as strong. Every tensor is written as float32 with the demo's
metadata; the tmux test of the split view (Tests/TUITests/SecondDemoModel.swift) writes the
same file itself.

    ../dhvenv/bin/python Tools/make_second_demo.py /tmp/shapes-dh-ext-b.safetensors
    dhscope browse Samples/images/shapes_s3_00008.png \\
        --model Samples/models/shapes-dh-ext.safetensors --model /tmp/shapes-dh-ext-b.safetensors
"""
from __future__ import annotations

import argparse
import json
import os
import sys

import numpy as np
from safetensors import safe_open
from safetensors.numpy import save_file

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEMO = os.path.join(REPO, "Samples", "models", "shapes-dh-ext.safetensors")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("output", help="the .safetensors file to write (never the demo itself)")
    a = ap.parse_args()
    if os.path.realpath(a.output) == os.path.realpath(DEMO):
        print(f"{a.output}: is the demo model itself; name another file", file=sys.stderr)
        return 2
    with safe_open(DEMO, "np") as f:
        metadata = f.metadata()
        tensors = {name: f.get_tensor(name).astype(np.float32) for name in f.keys()}
    classes = json.loads(metadata["classes"])
    star, square = classes.index("star"), classes.index("square")
    for name in ("roi_head.bbox_head.fc_cls.bias", "roi_head.bbox_head.conv_cls.bias"):
        tensors[name][star] -= np.float32(3)
        tensors[name][square] += np.float32(1.5)
    tensors["roi_head.bbox_head.fc_reg.weight"] *= np.float32(1.2)
    save_file(tensors, a.output, metadata=metadata)
    print(f"wrote {a.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
