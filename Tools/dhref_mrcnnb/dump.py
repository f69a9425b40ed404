#!/usr/bin/env python3
"""Run the authors' Double-Head-Ext (maskrcnn-benchmark layout) on one image; dump JSON in the
layout of Tools/reference.py (Tests/Fixtures/README.md, "reference dump"), plus a few keys.

    cd Tools && ../../dhvenv/bin/python -m dhref_mrcnnb.dump --model M.pth --image I.png --out out.json

Conversions to dhscope's layout (the authors keep background at column 0, 1-based labels):
  rois.*_scores   softmax over K + 1 with background moved LAST
  rois.*_deltas   raw bbox_pred / bbox_pred_fc outputs without background's 4 (divide by
                  (10, 10, 5, 5) to get the coder's deltas, as mmdetection's stds multiply)
  rois.*_boxes_resized  the authors' decoded, clipped boxes (+1 convention) without background
  detections.*.label    the authors' label - 1; category_id = label + 1
Variants: conv, fc, dh, dh-ext are the authors' evaluation modes 0..3; dh-reverse (conv scores,
fc boxes) is not among them and is computed by the same rules.
RoI subset (--roi-subset N): rows 0..N-1, every row a detection came from, and the first three
rows pooled from each FPN level. Extra keys: convention ("maskrcnn-benchmark"), settings (what the run used), and per detection
coco_bbox ([x, y, x2 - x + 1, y2 - y + 1] in original pixels, what coco_eval.py submits) and
authors_label. Detections are listed by score descending (stable over the authors' output
order, which is by class, then by proposal row); boxes and proposals in original pixels are
the resized ones times (w / new_w, h / new_h), as BoxList.resize computes them."""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys

import torch
from PIL import Image

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from dhref_mrcnnb.checkpoint import load_checkpoint  # noqa: E402
from dhref_mrcnnb.inference import infer, to_original  # noqa: E402


def f8(x):
    return float(f"{float(x):.8g}")


def fl(t):
    a = t.detach().cpu().double().numpy() if isinstance(t, torch.Tensor) else t
    if getattr(a, "ndim", 0) == 0:
        return f8(a)
    return [fl(x) for x in a] if a.ndim > 1 else [f8(x) for x in a]


def bg_last_scores(p):
    return torch.cat([p[:, 1:], p[:, :1]], 1)


def fg_columns(t, k1):
    """Drops background's 4 columns (class-agnostic: keeps the foreground 4)."""
    return t[:, 4:] if t.shape[1] == 4 * k1 else t[:, -4:]


def dump(model, pil_rgb, image_name, roi_subset=100, given_proposals=None):
    c = model.cfg
    out = infer(model, pil_rgb, given_proposals)
    meta = out["meta"]
    rois = out["proposals"]
    n = len(rois)
    d = {"image": image_name, "convention": "maskrcnn-benchmark", "ori_shape": list(meta["ori_shape"]),
         "img_shape": list(meta["img_shape"]), "pad_shape": list(meta["pad_shape"]),
         "scale_factor": [f8(v) for v in meta["scale_factor"]], "num_classes": c.num_classes - 1,
         "class_names": list(c.class_names), "proposals_from_file": given_proposals is not None,
         "proposals": {"boxes": fl(to_original(rois, meta)), "boxes_resized": fl(rois)}}
    if "objectness" in out:
        d["proposals"]["objectness"] = fl(out["objectness"])
        d["proposals"]["level"] = out["proposal_level"].tolist()
    dets, used = {}, set()
    for v, (b, s, lab, r) in out["detections"].items():
        order = torch.sort(s, descending=True, stable=True).indices
        b, s, lab, r = b[order], s[order], lab[order], r[order]
        ob = to_original(b, meta)
        rows = []
        for i in range(len(s)):
            x1, y1, x2, y2 = (float(v_) for v_ in ob[i])
            label = int(lab[i]) - 1
            rows.append({"box": fl(ob[i]), "score": f8(s[i]), "label": label, "category_id": label + 1,
                         "class_name": c.class_names[label] if c.class_names else str(label),
                         "roi": int(r[i]), "authors_label": int(lab[i]),
                         "coco_bbox": [f8(x1), f8(y1), f8(x2 - x1 + 1), f8(y2 - y1 + 1)]})
        dets[v] = rows
        used.update(int(x) for x in r)
    raw, dec, k1 = out["raw"], out["decoded"], c.num_classes
    if roi_subset is None:
        idx = list(range(n))
    else:   # rows 0..roi_subset-1, every detection's row, and the first 3 rows pooled from each level
        per_level = [i for lv in range(4) for i in torch.nonzero(raw["roi_level"] == lv).squeeze(1)[:3].tolist()]
        idx = sorted(set(range(min(roi_subset, n))) | used | set(per_level))
    d["rois"] = {"indices": idx, "roi_level": raw["roi_level"][idx].tolist(),
                 "fc_scores": fl(bg_last_scores(raw["fc_cls"].softmax(-1))[idx]),
                 "conv_scores": fl(bg_last_scores(raw["conv_cls"].softmax(-1))[idx]),
                 "fc_deltas": fl(fg_columns(raw["fc_reg"], k1)[idx]),
                 "conv_deltas": fl(fg_columns(raw["conv_reg"], k1)[idx]),
                 "fc_boxes_resized": fl(fg_columns(dec["fc"], k1)[idx]),
                 "conv_boxes_resized": fl(fg_columns(dec["conv"], k1)[idx])}
    d["detections"] = dets
    d["settings"] = {k: (list(v) if isinstance(v, tuple) else v) for k, v in dataclasses.asdict(c).items()
                     if k != "class_names"}
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help="the authors' .pth (or one in their layout)")
    ap.add_argument("--image", required=True)
    ap.add_argument("--classes", help="comma-separated foreground class names")
    ap.add_argument("--roi-subset", type=int, default=100)
    ap.add_argument("--out", default="-")
    a = ap.parse_args()
    torch.set_num_threads(1)
    model = load_checkpoint(a.model)
    if a.classes:
        model.cfg.class_names = a.classes.split(",")
    d = dump(model, Image.open(a.image).convert("RGB"), a.image, a.roi_subset)
    s = json.dumps(d)
    if a.out == "-":
        print(s)
    else:
        with open(a.out, "w") as f:
            f.write(s)


if __name__ == "__main__":
    main()
