#!/usr/bin/env python3
"""Evaluate every head variant on the same proposals (pycocotools), and run the
paper's analysis on proposals sampled around ground-truth boxes.

    python Tools/evaluate.py --model Samples/models/shapes-dh-ext.safetensors \
        --data ../dhwork/data/val --out ../dhwork/eval

Writes <out>/metrics.json and <out>/report.md (the tables in the model card)."""
from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import time

import numpy as np
import torch

from common import load_model
from dhref.boxes import box_iou
from dhref.detector import VARIANTS
from dhref.preprocess import load_rgb

BINS = [(0.3, 0.4), (0.4, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.8), (0.8, 0.9), (0.9, 1.0)]
STAT_NAMES = ["AP", "AP50", "AP75", "APs", "APm", "APl"]


def coco_eval(gt_path, results):
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    with contextlib.redirect_stdout(io.StringIO()):
        gt = COCO(gt_path)
        if not results:
            return {k: 0.0 for k in STAT_NAMES}
        dt = gt.loadRes(results)
        e = COCOeval(gt, dt, "bbox")
        e.evaluate()
        e.accumulate()
        e.summarize()
    return {k: float(v) for k, v in zip(STAT_NAMES, e.stats[:6])}


def gt_boxes_of(coco):
    per = {im["id"]: [] for im in coco["images"]}
    for a in coco["annotations"]:
        x, y, w, h = a["bbox"]
        per[a["image_id"]].append((x, y, x + w, y + h, a["category_id"] - 1))
    return per


def sample_around(gt: torch.Tensor, rng: np.random.Generator, per_bin: int, n_cand: int = 3000):
    """Jittered copies of one gt box (4,), per_bin of them in each IoU bin (fewer if rare)."""
    x1, y1, x2, y2 = gt.tolist()
    w, h = x2 - x1, y2 - y1
    cx, cy = (x1 + x2) / 2, (y1 + y2) / 2
    r = rng.uniform(0.0, 0.45, (n_cand, 1))
    j = rng.uniform(-1, 1, (n_cand, 4)) * r
    ncx, ncy = cx + j[:, 0] * w, cy + j[:, 1] * h
    nw, nh = w * np.exp(j[:, 2] * 1.2), h * np.exp(j[:, 3] * 1.2)
    cand = torch.tensor(np.stack([ncx - nw / 2, ncy - nh / 2, ncx + nw / 2, ncy + nh / 2], 1), dtype=torch.float32)
    iou = box_iou(cand, gt[None]).flatten()
    out = []
    for lo, hi in BINS:
        idx = torch.nonzero((iou >= lo) & (iou < hi)).flatten().numpy()
        if len(idx):
            out.extend(rng.choice(idx, min(per_bin, len(idx)), replace=False).tolist())
    return cand[out]


def pearson(a, b):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    if len(a) < 3 or a.std() == 0 or b.std() == 0:
        return float("nan")
    return float(np.corrcoef(a, b)[0, 1])


def analysis(model, coco, root, n_images, per_bin, seed):
    rng = np.random.default_rng(seed)
    per = gt_boxes_of(coco)
    rec = {k: [] for k in ["iou", "s_fc", "s_conv", "s_ext", "riou_fc", "riou_conv"]}
    k = model.cfg.num_classes
    for im in coco["images"][:n_images]:
        g = per[im["id"]]
        if not g:
            continue
        gt = torch.tensor([b[:4] for b in g], dtype=torch.float32)
        labels = torch.tensor([b[4] for b in g])
        props, src = [], []
        for i in range(len(g)):
            p = sample_around(gt[i], rng, per_bin)
            if len(p) == 0:
                continue
            # keep only samples whose best-overlapping gt is their source
            ious = box_iou(p, gt)
            keep = ious.argmax(1) == i
            props.append(p[keep])
            src.append(torch.full((int(keep.sum()),), i))
        if not props:
            continue
        props, src = torch.cat(props), torch.cat(src)
        # clip to the image like real proposals are
        props[:, 0::2] = props[:, 0::2].clamp(0, im["width"])
        props[:, 1::2] = props[:, 1::2].clamp(0, im["height"])
        ok = (props[:, 2] - props[:, 0] > 1) & (props[:, 3] - props[:, 1] > 1)
        props, src = props[ok], src[ok]
        img = load_rgb(os.path.join(root, "images", im["file_name"]))
        out = model.infer(img, proposals_orig=props, variants=[])
        lab = labels[src]
        ar = torch.arange(len(src))
        sf = torch.tensor(list(out["meta"]["scale_factor"]) * 2)
        s_fc = out["scores"]["fc"][ar, lab]
        s_conv = out["scores"]["conv"][ar, lab]
        s_ext = 1 - (1 - s_fc) * (1 - s_conv)
        bf = out["decoded"]["fc"].reshape(len(src), k, 4)[ar, lab] / sf
        bc = out["decoded"]["conv"].reshape(len(src), k, 4)[ar, lab] / sf
        g_src = gt[src]
        rec["iou"] += box_iou(props, g_src).diagonal().tolist()
        rec["s_fc"] += s_fc.tolist()
        rec["s_conv"] += s_conv.tolist()
        rec["s_ext"] += s_ext.tolist()
        rec["riou_fc"] += box_iou(bf, g_src).diagonal().tolist()
        rec["riou_conv"] += box_iou(bc, g_src).diagonal().tolist()
    r = {k: np.asarray(v) for k, v in rec.items()}
    res = {"num_samples": int(len(r["iou"])), "bins": []}
    for lo_all in (0.3, 0.5):
        m = r["iou"] >= lo_all
        res[f"pearson_iou>={lo_all}"] = {"fc": pearson(r["s_fc"][m], r["iou"][m]),
                                          "conv": pearson(r["s_conv"][m], r["iou"][m]),
                                          "ext_fused": pearson(r["s_ext"][m], r["iou"][m]), "n": int(m.sum())}
    for lo, hi in BINS:
        m = (r["iou"] >= lo) & (r["iou"] < hi)
        res["bins"].append({"bin": [lo, hi], "n": int(m.sum()),
                            "mean_proposal_iou": float(r["iou"][m].mean()) if m.any() else None,
                            "mean_score_fc": float(r["s_fc"][m].mean()) if m.any() else None,
                            "mean_score_conv": float(r["s_conv"][m].mean()) if m.any() else None,
                            "pearson_fc": pearson(r["s_fc"][m], r["iou"][m]),
                            "pearson_conv": pearson(r["s_conv"][m], r["iou"][m]),
                            "regressed_iou_fc": float(r["riou_fc"][m].mean()) if m.any() else None,
                            "regressed_iou_conv": float(r["riou_conv"][m].mean()) if m.any() else None})
    return res


def evaluate_variants(model, coco, gt_path, root, limit=None):
    results = {v: [] for v in VARIANTS}
    imgs = coco["images"][:limit] if limit else coco["images"]
    n_props = []
    for im in imgs:
        img = load_rgb(os.path.join(root, "images", im["file_name"]))
        out = model.infer(img)
        n_props.append(len(out["proposals"]))
        for v, (b, s, l, _) in out["detections"].items():
            for i in range(len(s)):
                x1, y1, x2, y2 = b[i].tolist()
                results[v].append({"image_id": im["id"], "category_id": int(l[i]) + 1,
                                   "bbox": [x1, y1, x2 - x1, y2 - y1], "score": float(s[i])})
    if limit:
        sub = dict(coco)
        ids = {im["id"] for im in imgs}
        sub["images"] = imgs
        sub["annotations"] = [a for a in coco["annotations"] if a["image_id"] in ids]
        gt_path = "/tmp/_dh_eval_subset.json"
        with open(gt_path, "w") as f:
            json.dump(sub, f)
    table = {v: coco_eval(gt_path, results[v]) for v in VARIANTS if v in model_variants(model)}
    return table, float(np.mean(n_props))


def model_variants(model):
    from dhref.detector import available_variants
    return available_variants(model.cfg)


def fmt(x):
    return "n/a" if x is None or (isinstance(x, float) and np.isnan(x)) else f"{x:.3f}"


def report_md(table, ana, meta):
    lines = [f"Held-out set: {meta['num_images']} scenes ({meta['num_gt']} boxes), "
             f"mean {meta['mean_proposals']:.0f} RPN proposals per image, all variants on the same proposals.", "",
             "| variant | AP | AP50 | AP75 | APs | APm | APl |", "|---|---|---|---|---|---|---|"]
    for v, s in table.items():
        lines.append(f"| {v} | " + " | ".join(fmt(s[k]) for k in STAT_NAMES) + " |")
    lines += ["", f"Analysis on {ana['num_samples']} proposals sampled around ground-truth boxes "
              f"({meta['analysis_images']} images):", ""]
    for key in ("pearson_iou>=0.5", "pearson_iou>=0.3"):
        p = ana[key]
        lines.append(f"- Pearson(score of the GT class, proposal IoU), proposals with {key[8:]} (n={p['n']}): "
                     f"fc head {fmt(p['fc'])}, conv head {fmt(p['conv'])}, fused dh-ext {fmt(p['ext_fused'])}")
    lines += ["", "| proposal IoU bin | n | mean score fc | mean score conv | Pearson fc | Pearson conv | "
              "regressed IoU fc | regressed IoU conv |", "|---|---|---|---|---|---|---|---|"]
    for b in ana["bins"]:
        lines.append(f"| {b['bin'][0]:.1f}-{b['bin'][1]:.1f} | {b['n']} | {fmt(b['mean_score_fc'])} | "
                     f"{fmt(b['mean_score_conv'])} | {fmt(b['pearson_fc'])} | {fmt(b['pearson_conv'])} | "
                     f"{fmt(b['regressed_iou_fc'])} | {fmt(b['regressed_iou_conv'])} |")
    return "\n".join(lines) + "\n"


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--model", required=True)
    ap.add_argument("--data", required=True, help="folder with annotations.json and images/")
    ap.add_argument("--out", required=True)
    ap.add_argument("--limit", type=int, default=None, help="evaluate only the first N images")
    ap.add_argument("--analysis-images", type=int, default=200)
    ap.add_argument("--per-bin", type=int, default=2)
    ap.add_argument("--skip-analysis", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.out, exist_ok=True)
    model = load_model(a.model)
    gt_path = os.path.join(a.data, "annotations.json")
    with open(gt_path) as f:
        coco = json.load(f)
    t0 = time.time()
    table, mean_props = evaluate_variants(model, coco, gt_path, a.data, a.limit)
    t1 = time.time()
    ana = None if a.skip_analysis else analysis(model, coco, a.data, a.analysis_images, a.per_bin, seed=7)
    n_img = a.limit or len(coco["images"])
    ids = {im["id"] for im in coco["images"][:n_img]}
    meta = {"num_images": n_img, "num_gt": sum(1 for x in coco["annotations"] if x["image_id"] in ids),
            "mean_proposals": mean_props,
            # the analysis reads the first --analysis-images scenes, fewer when the set is smaller
            "analysis_images": min(a.analysis_images, len(coco["images"])),
            "eval_seconds": round(t1 - t0, 1), "model": a.model}
    res = {"meta": meta, "coco": table, "analysis": ana}
    with open(os.path.join(a.out, "metrics.json"), "w") as f:
        json.dump(res, f, indent=1)
    if ana:
        md = report_md(table, ana, meta)
        with open(os.path.join(a.out, "report.md"), "w") as f:
            f.write(md)
        print(md)
    else:
        print(json.dumps(res, indent=1))


if __name__ == "__main__":
    main()
