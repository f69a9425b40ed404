#!/usr/bin/env python3
"""Export a trained checkpoint to safetensors (+ JSON config in __metadata__).

    python Tools/export.py --ckpt ../dhwork/run1/final.pth \
        --out Samples/models/shapes-dh-ext.safetensors --dtype F16

Metadata keys (every value is a JSON string) are documented in Tools/README.md."""
from __future__ import annotations

import argparse
import json
import os

import torch

from common import load_model
from dhref.detector import available_variants

FORMAT = "dhscope-double-head/1"


def metadata_for(cfg, training=None) -> dict:
    arch = {"type": "DoubleHeadRCNN", "backbone": "ResNet", "style": "pytorch", "depth": cfg.depth,
            "base_width": cfg.base_width, "fpn_channels": cfg.fpn_channels,
            "rpn_feat_channels": cfg.rpn_feat_channels, "num_classes": cfg.num_classes,
            "roi_size": cfg.roi_size, "roi_finest_scale": cfg.roi_finest_scale,
            "roi_scale_factor_reg": cfg.roi_scale_factor_reg, "conv_out_channels": cfg.conv_out_channels,
            "fc_out_channels": cfg.fc_out_channels, "num_convs": cfg.num_convs, "num_fcs": cfg.num_fcs,
            "with_conv_cls": cfg.with_conv_cls, "with_fc_reg": cfg.with_fc_reg, "reg_class_agnostic": False,
            "rcnn_target_means": [0.0, 0.0, 0.0, 0.0], "rcnn_target_stds": list(cfg.rcnn_target_stds),
            "rpn_target_means": [0.0, 0.0, 0.0, 0.0], "rpn_target_stds": list(cfg.rpn_target_stds),
            "bn_eps": 1e-5, "background_index": "last"}
    anchors = {"strides": list(cfg.anchor_strides), "scales": list(cfg.anchor_scales),
               "ratios": list(cfg.anchor_ratios), "center_offset": 0.0, "ratio": "h/w", "order": "H,W,A ratio-major"}
    norm = {"mean": list(cfg.mean), "std": list(cfg.std), "color": "RGB", "range": "0-255"}
    test = {"scale": list(cfg.test_scale), "keep_ratio": True, "size_divisor": cfg.size_divisor,
            "resize": "bilinear-half-pixel-float32", "pad_value": 0.0,
            "rpn": {"nms_pre": cfg.rpn_nms_pre, "max_per_img": cfg.rpn_max_per_img,
                    "nms_iou": cfg.rpn_nms_iou, "min_bbox_size": 0},
            "rcnn": {"score_thr": cfg.rcnn_score_thr, "nms_iou": cfg.rcnn_nms_iou,
                     "max_per_img": cfg.rcnn_max_per_img}}
    meta = {"format": FORMAT, "architecture": json.dumps(arch), "classes": json.dumps(list(cfg.class_names)),
            "anchors": json.dumps(anchors), "normalization": json.dumps(norm), "test_cfg": json.dumps(test),
            "variants": json.dumps(available_variants(cfg)),
            "ext_tensors": json.dumps({"conv_cls": "roi_head.bbox_head.conv_cls",
                                       "fc_reg": "roi_head.bbox_head.fc_reg_fc"})}
    if training is not None:
        meta["training"] = json.dumps(training)
    return meta


def export_state_dict(model, dtype: str):
    dt = {"F16": torch.float16, "F32": torch.float32, "BF16": torch.bfloat16}[dtype]
    out = {}
    for k, v in model.state_dict().items():
        if k.endswith("num_batches_tracked"):
            continue
        out[k] = v.detach().to(dt).contiguous()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--ckpt", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--dtype", default="F16", choices=["F16", "F32", "BF16"])
    ap.add_argument("--training-json", help="optional JSON file with a training summary to embed")
    ap.add_argument("--rpn-max-per-img", type=int, default=None, help="override the test-time RPN max_per_img")
    ap.add_argument("--rpn-nms-pre", type=int, default=None, help="override the test-time RPN nms_pre")
    a = ap.parse_args()
    from safetensors.torch import save_file
    model = load_model(a.ckpt)
    if a.rpn_max_per_img:
        model.cfg.rpn_max_per_img = a.rpn_max_per_img
    if a.rpn_nms_pre:
        model.cfg.rpn_nms_pre = a.rpn_nms_pre
    training = None
    if a.training_json:
        with open(a.training_json) as f:
            training = json.load(f)
    sd = export_state_dict(model, a.dtype)
    os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
    save_file(sd, a.out, metadata=metadata_for(model.cfg, training))
    n = sum(v.numel() for v in sd.values())
    print(f"wrote {a.out}: {len(sd)} tensors, {n} values, {os.path.getsize(a.out) / 1e6:.2f} MB")


if __name__ == "__main__":
    main()
