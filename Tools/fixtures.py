#!/usr/bin/env python3
"""Write the golden fixtures for the Swift tests into Tests/Fixtures/.

    python Tools/fixtures.py r50      # (b) full-size R50-FPN Double-Head-Ext, formula weights
    python Tools/fixtures.py torch    # (c) real torch.save files (zip + legacy) + expected values
    python Tools/fixtures.py demo     # (a) the demo model on 3 sample images
    python Tools/fixtures.py all

Formats are described in Tests/Fixtures/README.md."""
from __future__ import annotations

import argparse
import collections
import hashlib
import json
import os

import numpy as np
import torch

from common import load_model
from dhref import DetectorConfig, DoubleHeadDetector
from dhref.preprocess import load_rgb
from dhref.synthetic import GAIN_OVERRIDES, synthetic_state_dict
from export import metadata_for
from reference import dump, f8

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIX = os.path.join(REPO, "Tests", "Fixtures")
COCO_CLASSES = ["person", "bicycle", "car", "motorcycle", "airplane", "bus", "train", "truck", "boat",
                "traffic light", "fire hydrant", "stop sign", "parking meter", "bench", "bird", "cat", "dog",
                "horse", "sheep", "cow", "elephant", "bear", "zebra", "giraffe", "backpack", "umbrella",
                "handbag", "tie", "suitcase", "frisbee", "skis", "snowboard", "sports ball", "kite",
                "baseball bat", "baseball glove", "skateboard", "surfboard", "tennis racket", "bottle",
                "wine glass", "cup", "fork", "knife", "spoon", "bowl", "banana", "apple", "sandwich", "orange",
                "broccoli", "carrot", "hot dog", "pizza", "donut", "cake", "chair", "couch", "potted plant",
                "bed", "dining table", "toilet", "tv", "laptop", "mouse", "remote", "keyboard", "cell phone",
                "microwave", "oven", "toaster", "sink", "refrigerator", "book", "clock", "vase", "scissors",
                "teddy bear", "hair drier", "toothbrush"]


def write_json(path, obj, indent=None):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        json.dump(obj, f, indent=indent)
    print(f"wrote {os.path.relpath(path, REPO)} ({os.path.getsize(path) / 1e3:.0f} kB)")


# ------------------------------------------------------------------ (b)
def r50_config() -> DetectorConfig:
    return DetectorConfig(depth=50, base_width=64, fpn_channels=256, rpn_feat_channels=256, num_classes=80,
                          conv_out_channels=1024, fc_out_channels=1024, num_convs=4, num_fcs=2,
                          with_conv_cls=True, with_fc_reg=True, test_scale=(500, 330),
                          rpn_nms_pre=1000, rpn_max_per_img=100, class_names=COCO_CLASSES)


def fixture_r50(image_rel="Samples/images/coffee.png", subset=tuple(range(0, 100, 7))):
    torch.set_num_threads(2)
    cfg = r50_config()
    model = DoubleHeadDetector(cfg)
    sd, names = synthetic_state_dict(model)
    model.load_state_dict(sd)
    model.eval()
    out_dir = os.path.join(FIX, "r50_synthetic")
    tensors = []
    for t, n in enumerate(names):
        v = sd[n].double().flatten()
        tensors.append({"t": t, "name": n, "shape": list(sd[n].shape),
                        "first": [f8(x) for x in v[:4]], "sum": float(v.sum()), "abs_sum": float(v.abs().sum()),
                        "sha256_f32le": hashlib.sha256(sd[n].numpy().astype("<f4").tobytes()).hexdigest()})
    write_json(os.path.join(out_dir, "weights.json"),
               {"formula": "see Tests/Fixtures/README.md (splitmix64 formula weights)",
                "gain_overrides": GAIN_OVERRIDES, "num_tensors": len(names), "tensors": tensors}, indent=0)
    write_json(os.path.join(out_dir, "config.json"), metadata_for(cfg), indent=1)
    img = load_rgb(os.path.join(REPO, image_rel))
    d = dump(model, img, roi_subset=list(subset), image_name=image_rel)
    write_json(os.path.join(out_dir, "reference.json"), d)
    # the heads alone on a hand-written proposal list (original pixels), incl. every RoI level
    props = [[10.0, 12.0, 60.5, 70.25], [100.0, 50.0, 300.0, 260.0], [0.0, 0.0, 599.0, 399.0],
             [250.0, 100.0, 420.0, 380.0], [30.5, 200.25, 90.75, 230.5], [400.0, 10.0, 598.0, 395.0],
             [200.0, 150.0, 201.5, 152.0], [-20.0, -10.0, 120.0, 90.0],
             [-100.0, -100.0, 700.0, 500.0]]
    d2 = dump(model, img, proposals_orig=props, roi_subset=None, image_name=image_rel)
    d2["proposals_input"] = props
    write_json(os.path.join(out_dir, "heads_on_given_proposals.json"), d2)


# ------------------------------------------------------------------ (c)
def torch_tensors():
    base = (torch.arange(24, dtype=torch.float32) * 0.5 - 3.0).reshape(4, 6)
    g = torch.Generator().manual_seed(3)
    sd = collections.OrderedDict()
    sd["backbone.conv1.weight"] = torch.randn(2, 3, 2, 2, generator=g)
    sd["base"] = base                                  # shares its storage with the next two
    sd["base_t"] = base.t()                            # non-contiguous: stride (1, 6)
    sd["base_window"] = base[1:3, 2:5]                 # storage offset 8, stride (6, 1)
    sd["f16"] = torch.tensor([0.0, -0.0, 1.0, -2.5, 65504.0, 6.1035156e-05, 5.9604645e-08, 0.333251953125],
                             dtype=torch.float16)
    h = torch.tensor([[1.5, -0.25, 3.0], [7.0, 0.125, -9.0]], dtype=torch.float16)
    sd["f16_t"] = h.t()                                # half view, non-contiguous
    sd["bf16"] = torch.tensor([1.0, -3.140625, 1e30, -1e-30, 0.0078125], dtype=torch.bfloat16)
    sd["f64"] = torch.tensor([[1.0 / 3.0, -2.0e-300], [1e300, 12345.678901234567]], dtype=torch.float64)
    sd["i64"] = torch.tensor([-3, 0, 2 ** 40, -(2 ** 62), 7], dtype=torch.int64)
    sd["bn.num_batches_tracked"] = torch.tensor(1234, dtype=torch.int64)   # 0-dim
    sd["scalar_f32"] = torch.tensor(3.5)
    sd["empty"] = torch.zeros(0, 3)
    p = torch.nn.Parameter(torch.linspace(-1, 1, 6).reshape(2, 3))
    sd["param"] = p                                    # goes through _rebuild_parameter
    big = torch.arange(40, dtype=torch.float32)
    sd["big_strided"] = big[3::4]                      # offset 3, stride 4
    sd["big_2d"] = big[10:34].reshape(4, 6)[:, ::2]    # offset 10, strides (6, 2)
    return sd


def expected(sd):
    ptr = {}
    out = []
    for k, v in sd.items():
        t = v.detach()
        key = t.untyped_storage().data_ptr()
        shares = ptr.get(key)
        ptr.setdefault(key, k)
        dt = {torch.float32: "F32", torch.float16: "F16", torch.bfloat16: "BF16", torch.float64: "F64",
              torch.int64: "I64"}[t.dtype]
        flat = t.contiguous().flatten()
        vals = [int(x) for x in flat.tolist()] if dt == "I64" else [float(x) for x in flat.double().tolist()]
        out.append({"name": k, "dtype": dt, "shape": list(t.shape), "stride": list(t.stride()),
                    "storage_offset": t.storage_offset(), "shares_storage_with": shares if shares != k else None,
                    "values": vals})
    return out


def fixture_torch():
    out_dir = os.path.join(FIX, "torch_save")
    os.makedirs(out_dir, exist_ok=True)
    sd = torch_tensors()
    meta = {"mmdet_version": "2.28.2", "epoch": 12, "iter": 87960,
            "CLASSES": ("person", "bicycle", "car"), "config": "model = dict(type='FasterRCNN')\n"}
    files = {
        "state_dict_zip.pth": (sd, True),
        "state_dict_legacy.pth": (sd, False),
        "wrapped_zip.pth": ({"meta": meta, "state_dict": sd}, True),
        "wrapped_legacy.pth": ({"meta": meta, "state_dict": sd}, False),
    }
    exp = expected(sd)
    for name, (obj, zipped) in files.items():
        path = os.path.join(out_dir, name)
        torch.save(obj, path, _use_new_zipfile_serialization=zipped)
        # double-check: torch reloads what we claim
        back = torch.load(path, weights_only=False)
        bsd = back["state_dict"] if "state_dict" in back else back
        for e in exp:
            t = bsd[e["name"]]
            assert list(t.shape) == e["shape"] and t.contiguous().flatten().double().tolist() == \
                [float(x) for x in e["values"]], e["name"]
        doc = {"file": name, "format": "zip" if zipped else "legacy",
               "top_level": "wrapper" if "state_dict" in obj else "state_dict",
               "meta": {k: (list(v) if isinstance(v, tuple) else v) for k, v in meta.items()} if "meta" in obj else None,
               "meta_types": {"CLASSES": "tuple"} if "meta" in obj else None,
               "tensors": exp}
        write_json(os.path.join(out_dir, name + ".json"), doc, indent=0)
        print(f"wrote {os.path.relpath(path, REPO)} ({os.path.getsize(path)} bytes)")


# ------------------------------------------------------------------ (a)
DEMO_IMAGES = ["Samples/images/shapes_s3_00000.png", "Samples/images/shapes_s3_00001.png",
               "Samples/images/astronaut.png"]


def fixture_demo(model_rel="Samples/models/shapes-dh-ext.safetensors", subset=100):
    torch.set_num_threads(2)
    model = load_model(os.path.join(REPO, model_rel))
    out_dir = os.path.join(FIX, "demo")
    for rel in DEMO_IMAGES:
        img = load_rgb(os.path.join(REPO, rel))
        d = dump(model, img, roi_subset=subset, image_name=rel)
        d["model"] = model_rel
        name = os.path.splitext(os.path.basename(rel))[0]
        write_json(os.path.join(out_dir, f"{name}.json"), d)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("what", choices=["r50", "torch", "demo", "all"])
    a = ap.parse_args()
    if a.what in ("torch", "all"):
        fixture_torch()
    if a.what in ("r50", "all"):
        fixture_r50()
    if a.what in ("demo", "all"):
        fixture_demo()


if __name__ == "__main__":
    main()
