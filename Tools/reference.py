#!/usr/bin/env python3
"""Run the reference Double-Head R-CNN on one image and dump everything as JSON.

    python Tools/reference.py --model Samples/models/shapes-dh-ext.safetensors \
        --image Samples/images/shapes_s3_00000.png --out /tmp/ref.json
    # heads only, on proposals from a file (JSON: {"proposals": [[x1,y1,x2,y2], ...]} in
    # ORIGINAL image pixels, or {"proposals_resized": [...]} in resized-input pixels):
    python Tools/reference.py --model M --image I --proposals props.json --out out.json

Output layout: see Tests/Fixtures/README.md ("reference dump")."""
from __future__ import annotations

import argparse
import json

import numpy as np
import torch

from common import load_model
from dhref.preprocess import load_rgb


def f8(x):
    """float -> float with 8 significant digits (plenty for float32 comparisons)."""
    return float(f"{float(x):.8g}")


def fl(t):
    a = t.detach().cpu().numpy() if isinstance(t, torch.Tensor) else np.asarray(t)
    if a.ndim == 0:
        return f8(a)
    return [fl(x) for x in a] if a.ndim > 1 else [f8(x) for x in a]


def dump(model, img, proposals_orig=None, proposals_resized=None, roi_subset=None, image_name=None):
    """Returns a JSON-able dict. roi_subset: None = all RoIs, int n = RoIs 0..n-1 plus every RoI
    that some final detection (any variant) came from, or an explicit list of indices."""
    cfg = model.cfg
    if proposals_resized is not None:
        from dhref.preprocess import rescale_size
        h, w = img.shape[:2]
        nw, nh = rescale_size(w, h, cfg.test_scale)
        sf = torch.tensor([nw / w, nh / h, nw / w, nh / h])
        proposals_orig = torch.as_tensor(proposals_resized, dtype=torch.float32).reshape(-1, 4) / sf
    out = model.infer(img, proposals_orig=proposals_orig)
    meta = out["meta"]
    n = len(out["proposals"])
    d = {"image": image_name, "ori_shape": list(meta["ori_shape"]), "img_shape": list(meta["img_shape"]),
         "pad_shape": list(meta["pad_shape"]), "scale_factor": [f8(v) for v in meta["scale_factor"]],
         "num_classes": cfg.num_classes, "class_names": list(cfg.class_names),
         "proposals_from_file": proposals_orig is not None,
         "proposals": {"boxes": fl(out["proposals_orig"]), "boxes_resized": fl(out["proposals"])}}
    if "objectness" in out:
        d["proposals"]["objectness"] = fl(out["objectness"])
        d["proposals"]["level"] = out["proposal_level"].tolist()
    dets = {}
    used = set()
    for v, (b, s, l, r) in out["detections"].items():
        dets[v] = [{"box": fl(b[i]), "score": f8(s[i]), "label": int(l[i]), "category_id": int(l[i]) + 1,
                    "class_name": cfg.class_names[int(l[i])] if cfg.class_names else str(int(l[i])),
                    "roi": int(r[i])} for i in range(len(s))]
        used.update(int(x) for x in r)
    if roi_subset is None:
        idx = list(range(n))
    elif isinstance(roi_subset, int):
        idx = sorted(set(range(min(roi_subset, n))) | used)
    else:
        idx = sorted(roi_subset)
    hd, sc, dec = out["head_raw"], out["scores"], out["decoded"]
    from dhref.head import map_roi_levels
    lv = map_roi_levels(out["proposals"], 4, cfg.roi_finest_scale)
    rois = {"indices": idx, "roi_level": lv[idx].tolist(), "fc_scores": fl(sc["fc"][idx])}
    if "conv" in dec:       # every Double-Head model; absent for the Faster R-CNN baseline
        rois["conv_deltas"] = fl(hd["conv_reg"][idx])
        rois["conv_boxes_resized"] = fl(dec["conv"][idx])
    if "conv" in sc:
        rois["conv_scores"] = fl(sc["conv"][idx])
    if "fc" in dec:
        rois["fc_deltas"] = fl(hd["fc_reg"][idx])
        rois["fc_boxes_resized"] = fl(dec["fc"][idx])
    d["rois"] = rois
    d["detections"] = dets
    return d


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True, help=".safetensors export or train.py .pth")
    ap.add_argument("--image", required=True)
    ap.add_argument("--proposals", help="JSON with 'proposals' (original px) or 'proposals_resized'")
    ap.add_argument("--roi-subset", type=int, default=None, help="dump RoIs 0..N-1 (+ detection RoIs) only")
    ap.add_argument("--out", default="-")
    a = ap.parse_args()
    torch.set_num_threads(2)
    model = load_model(a.model)
    img = load_rgb(a.image)
    po = pr = None
    if a.proposals:
        with open(a.proposals) as f:
            p = json.load(f)
        if isinstance(p, list):
            po = p
        elif "proposals" in p and isinstance(p["proposals"], dict):
            po = p["proposals"]["boxes"]
        elif "proposals" in p:
            po = p["proposals"]
        else:
            pr = p["proposals_resized"]
    d = dump(model, img, po, pr, a.roi_subset, a.image)
    s = json.dumps(d)
    if a.out == "-":
        print(s)
    else:
        with open(a.out, "w") as f:
            f.write(s)


if __name__ == "__main__":
    main()
