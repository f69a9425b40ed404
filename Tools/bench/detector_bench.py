#!/usr/bin/env python3
"""Times the PyTorch reference (Tools/dhref) on the same input as `dhscope bench`.

The model is the full-size R50-FPN Double-Head-Ext with the formula weights both sides
generate (Tools/dhref/synthetic.py); the image is the deterministic pattern of
`dhscope bench --size WxH`; with --proposals N the heads run on the same N fixed boxes.

  python3 Tools/bench/detector_bench.py --size 1216x800 --proposals 1000 --threads 2 --json
"""
import argparse, json, os, statistics, sys, time

import numpy as np
import torch

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from dhref import DetectorConfig, DoubleHeadDetector  # noqa: E402
from dhref.synthetic import synthetic_state_dict  # noqa: E402
from dhref.preprocess import preprocess  # noqa: E402
from dhref.rpn import get_proposals  # noqa: E402
from dhref.head import extract_rois  # noqa: E402
import torch.nn.functional as F  # noqa: E402


def pattern(w, h):
    y, x = np.mgrid[0:h, 0:w]
    planes = [(x * 7 + y * 13 + c * 50 + (x * y) % 61) % 256 for c in range(3)]
    return np.stack(planes, -1).astype(np.uint8)


def fixed_boxes(n, w, h):
    out = []
    for i in range(n):
        bw = 16 + (i * 37) % max(1, w // 2)
        bh = 16 + (i * 53) % max(1, h // 2)
        x = (i * 97) % max(1, w - bw)
        y = (i * 89) % max(1, h - bh)
        out.append([x, y, x + bw, y + bh])
    return np.asarray(out, np.float32)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--size", default="1216x800")
    ap.add_argument("--proposals", type=int, default=None)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--iterations", type=int, default=3)
    ap.add_argument("--depth", type=int, default=50)
    ap.add_argument("--json", action="store_true")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    w, h = (int(v) for v in a.size.lower().split("x"))
    cfg = DetectorConfig(depth=a.depth, with_conv_cls=True, with_fc_reg=True)
    model = DoubleHeadDetector(cfg)
    sd, _ = synthetic_state_dict(model)
    model.load_state_dict(sd)
    model.eval()
    img = pattern(w, h)
    boxes = fixed_boxes(a.proposals, w, h) if a.proposals else None
    runs = []
    with torch.inference_mode():
        for it in range(a.iterations + 1):
            t = {}
            t0 = time.perf_counter()
            x, meta = preprocess(img, cfg.test_scale, cfg.mean, cfg.std, cfg.size_divisor)
            t1 = time.perf_counter(); t["preprocess"] = t1 - t0
            c = model.backbone(x)
            tb = time.perf_counter(); t["backbone"] = tb - t1
            feats = model.neck(c)
            t2 = time.perf_counter(); t["neck"] = t2 - tb
            wsc, hsc = meta["scale_factor"]
            sf = torch.tensor([wsc, hsc, wsc, hsc], dtype=torch.float32)
            if boxes is None:
                cls_maps, reg_maps = model.rpn_head(feats)
                rois, _, _ = get_proposals([m[0] for m in cls_maps], [m[0] for m in reg_maps], model.anchors(feats),
                                           meta["img_shape"], cfg.rpn_nms_pre, cfg.rpn_max_per_img, cfg.rpn_nms_iou,
                                           cfg.rpn_target_stds)
            else:
                rois = torch.from_numpy(boxes) * sf
            t3 = time.perf_counter()
            if boxes is None:
                t["rpn+proposals"] = t3 - t2
            # The head's forward (dhref.head.DoubleConvFCBBoxHead) stage by stage, as dhscope times it.
            head = model.roi_head.bbox_head
            batch_idx = torch.zeros(len(rois), dtype=torch.long)
            strides = tuple(cfg.anchor_strides[:4])
            x_cls = extract_rois(feats[:4], rois, batch_idx, cfg.roi_size, strides, cfg.roi_finest_scale)
            ta = time.perf_counter(); t["roi-align"] = ta - t3
            y = x_cls.flatten(1)
            for fc in head.fc_branch:
                y = F.relu(fc(y))
            head.fc_cls(y).softmax(-1)
            head.fc_reg_fc(y)
            tf = time.perf_counter(); t["fc-head"] = tf - ta
            x_reg = extract_rois(feats[:4], rois, batch_idx, cfg.roi_size, strides, cfg.roi_finest_scale,
                                 scale_factor=cfg.roi_scale_factor_reg)
            xr = head.res_block(x_reg)
            for b in head.conv_branch:
                xr = b(xr)
            xr = F.adaptive_avg_pool2d(xr, 1).flatten(1)
            head.fc_reg(xr)
            head.conv_cls(xr).softmax(-1)
            t4 = time.perf_counter(); t["conv-head"] = t4 - tf
            t["total"] = t4 - t0
            t["rois"] = len(rois)
            if it > 0:
                runs.append(t)
    med = {k: statistics.median(r[k] for r in runs) * (1 if k == "rois" else 1000) for k in runs[0]}
    if a.json:
        print(json.dumps({"torch": torch.__version__, "threads": a.threads, "input": [w, h], "ms": med}))
    else:
        for k, v in med.items():
            print(f"{k:15s} {v:10.1f}{'' if k == 'rois' else ' ms'}")


if __name__ == "__main__":
    main()
