#!/usr/bin/env python3
"""Writes the full-size R50-FPN Double-Head-Ext with formula weights as real checkpoint files
(safetensors, zip .pth and legacy .pth in mmdetection's {"meta", "state_dict"} layout) for
memory and loading benchmarks. About 190 MB each; write them outside the repository.

  python3 Tools/bench/make_r50_checkpoints.py ../dhwork/r50
"""
import json, os, sys

import torch
from safetensors.torch import save_file

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from dhref import DetectorConfig, DoubleHeadDetector  # noqa: E402
from dhref.synthetic import synthetic_state_dict  # noqa: E402

out = sys.argv[1] if len(sys.argv) > 1 else "/tmp/r50"
os.makedirs(out, exist_ok=True)
cfg = DetectorConfig(depth=50, with_conv_cls=True, with_fc_reg=True)
sd, _ = synthetic_state_dict(DoubleHeadDetector(cfg))
floats = {k: v.contiguous() for k, v in sd.items() if v.is_floating_point()}
save_file(floats, os.path.join(out, "r50-dh-ext.safetensors"))
ck = {"meta": {"CLASSES": tuple(f"class{i}" for i in range(80)), "epoch": 12}, "state_dict": sd}
torch.save(ck, os.path.join(out, "r50-dh-ext.pth"))
torch.save(ck, os.path.join(out, "r50-dh-ext-legacy.pth"), _use_new_zipfile_serialization=False)
for f in sorted(os.listdir(out)):
    print(f, os.path.getsize(os.path.join(out, f)) // (1 << 20), "MB")
