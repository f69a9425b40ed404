"""Shared helpers for the Tools/ scripts: the demo model's configuration,
checkpoint and safetensors I/O, COCO loading."""
from __future__ import annotations

import json
import os
import sys

import torch

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from dhref import DetectorConfig, DoubleHeadDetector  # noqa: E402
from shapes import CLASSES  # noqa: E402


def demo_config() -> DetectorConfig:
    """The shipped demo model: ResNet-18 layout at base width 32, FPN 64,
    DoubleConvFCBBoxHead 256/256 with 2 bottlenecks, 8 shape classes."""
    return DetectorConfig(depth=18, base_width=32, fpn_channels=64, rpn_feat_channels=64,
                          anchor_strides=[4, 8, 16, 32, 64], anchor_scales=[4.0], anchor_ratios=[0.5, 1.0, 2.0],
                          num_classes=len(CLASSES), conv_out_channels=256, fc_out_channels=256,
                          num_convs=2, num_fcs=2, with_conv_cls=True, with_fc_reg=True,
                          test_scale=(320, 256), rpn_nms_pre=1000, rpn_max_per_img=300,
                          class_names=list(CLASSES))


def load_model(path: str) -> DoubleHeadDetector:
    """Load a training checkpoint (.pth from train.py) or an exported .safetensors."""
    if path.endswith(".safetensors"):
        from safetensors import safe_open
        with safe_open(path, "pt") as f:
            meta = f.metadata()
            sd = {k: f.get_tensor(k).float() for k in f.keys()}
        cfg = config_from_metadata(meta)
        model = DoubleHeadDetector(cfg)
        missing, unexpected = model.load_state_dict(sd, strict=False)
        missing = [m for m in missing if not m.endswith("num_batches_tracked")]
        if missing or unexpected:
            raise RuntimeError(f"missing {missing} unexpected {unexpected}")
    else:
        ck = torch.load(path, map_location="cpu", weights_only=False)
        cfg = DetectorConfig.from_dict(ck["config"])
        model = DoubleHeadDetector(cfg)
        model.load_state_dict(ck["model"])
    model.eval()
    return model


def config_from_metadata(meta: dict) -> DetectorConfig:
    arch = json.loads(meta["architecture"])
    test = json.loads(meta["test_cfg"])
    anchors = json.loads(meta["anchors"])
    norm = json.loads(meta["normalization"])
    d = dict(arch)
    d.update(anchor_strides=anchors["strides"], anchor_scales=anchors["scales"], anchor_ratios=anchors["ratios"])
    d.update(mean=norm["mean"], std=norm["std"])
    d.update(test_scale=tuple(test["scale"]), size_divisor=test["size_divisor"],
             rpn_nms_pre=test["rpn"]["nms_pre"], rpn_max_per_img=test["rpn"]["max_per_img"],
             rpn_nms_iou=test["rpn"]["nms_iou"], rcnn_score_thr=test["rcnn"]["score_thr"],
             rcnn_nms_iou=test["rcnn"]["nms_iou"], rcnn_max_per_img=test["rcnn"]["max_per_img"])
    d["class_names"] = json.loads(meta["classes"])
    return DetectorConfig.from_dict(d)


def load_coco(path: str):
    with open(path) as f:
        return json.load(f)
