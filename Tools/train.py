#!/usr/bin/env python3
"""Train the small Double-Head-Ext demo detector on generated shapes scenes (CPU).

Losses (Double-Head-Ext, unfocused task supervision, w_fc 2.0 l_fc 0.7 w_conv 2.5 l_conv 0.8):
    L = L_rpn_cls + L_rpn_reg + 1.4 L_fc_cls + 0.6 L_fc_reg + 0.5 L_conv_cls + 2.0 L_conv_reg
Resumable: re-running the same command continues from <work>/latest.pth.

    nohup nice -n 5 python Tools/train.py --data ../dhwork/data/train --work ../dhwork/run1 &
"""
from __future__ import annotations

import argparse
import json
import math
import os
import time

import numpy as np
import torch
import torch.nn as nn
from PIL import Image

from common import demo_config, DoubleHeadDetector, DetectorConfig
from dhref.training import detector_losses

LOSS_WEIGHTS = {"rpn_cls": 1.0, "rpn_reg": 1.0, "fc_cls": 1.4, "fc_reg": 0.6, "conv_cls": 0.5, "conv_reg": 2.0}


class ShapesData:
    def __init__(self, root, cfg: DetectorConfig):
        with open(os.path.join(root, "annotations.json")) as f:
            coco = json.load(f)
        self.root = root
        self.images = coco["images"]
        per = {im["id"]: [] for im in self.images}
        for a in coco["annotations"]:
            per[a["image_id"]].append(a)
        self.anns = per
        self.mean = np.asarray(cfg.mean, np.float32)
        self.std = np.asarray(cfg.std, np.float32)

    def __len__(self):
        return len(self.images)

    def get(self, i, hflip, vflip):
        im = self.images[i]
        a = np.asarray(Image.open(os.path.join(self.root, "images", im["file_name"])).convert("RGB"), np.float32)
        h, w = a.shape[:2]
        boxes = torch.tensor([[b["bbox"][0], b["bbox"][1], b["bbox"][0] + b["bbox"][2], b["bbox"][1] + b["bbox"][3]]
                              for b in self.anns[im["id"]]], dtype=torch.float32).reshape(-1, 4)
        labels = torch.tensor([b["category_id"] - 1 for b in self.anns[im["id"]]], dtype=torch.long)
        if hflip:
            a = a[:, ::-1]
            boxes = torch.stack([w - boxes[:, 2], boxes[:, 1], w - boxes[:, 0], boxes[:, 3]], 1)
        if vflip:
            a = a[::-1]
            boxes = torch.stack([boxes[:, 0], h - boxes[:, 3], boxes[:, 2], h - boxes[:, 1]], 1)
        x = (a - self.mean) / self.std
        return torch.from_numpy(np.ascontiguousarray(x)).permute(2, 0, 1), boxes, labels


def init_weights(model: DoubleHeadDetector):
    for name, m in model.named_modules():
        if isinstance(m, nn.Conv2d):
            nn.init.kaiming_normal_(m.weight, mode="fan_out", nonlinearity="relu")
            if m.bias is not None:
                nn.init.zeros_(m.bias)
        elif isinstance(m, nn.BatchNorm2d):
            nn.init.ones_(m.weight)
            nn.init.zeros_(m.bias)
        elif isinstance(m, nn.Linear):
            nn.init.xavier_uniform_(m.weight)
            nn.init.zeros_(m.bias)
    # zero-init the last BN of every residual block (helps training from scratch)
    for name, m in model.named_modules():
        if hasattr(m, "bn3") and isinstance(m.bn3, nn.BatchNorm2d):
            nn.init.zeros_(m.bn3.weight)
        elif name.startswith("backbone.layer") and hasattr(m, "bn2") and hasattr(m, "conv2") and not hasattr(m, "bn3"):
            nn.init.zeros_(m.bn2.weight)
    h = model.roi_head.bbox_head
    for lin, std in ((h.fc_cls, 0.01), (h.fc_reg, 0.001), (h.conv_cls, 0.01), (h.fc_reg_fc, 0.001)):
        if lin is not None:
            nn.init.normal_(lin.weight, 0, std)
            nn.init.zeros_(lin.bias)
    for conv in (model.rpn_head.rpn_conv, model.rpn_head.rpn_cls, model.rpn_head.rpn_reg):
        nn.init.normal_(conv.weight, 0, 0.01)
        nn.init.zeros_(conv.bias)


def lr_at(it, a, elapsed=None):
    """Linear warm-up over a.warmup iterations, then cosine decay to a.final_lr_frac * lr.
    With --time-budget-min the cosine runs over wall time (elapsed / budget) instead of
    iterations, so the schedule ends when the budget does whatever the machine's speed."""
    if a.cycle_start_s is not None and elapsed is not None:
        # a warm restart: a short linear warm-up from the resumed state, then one cosine
        # cycle from cycle_start_s to the end of the time budget
        since = elapsed - a.cycle_start_s
        if since < a.cycle_warmup_s:
            return a.lr * (0.1 + 0.9 * max(0.0, since) / a.cycle_warmup_s)
        t = min(1.0, (since - a.cycle_warmup_s) / max(1.0, a.time_budget_min * 60 - a.cycle_start_s - a.cycle_warmup_s))
        return a.lr * (a.final_lr_frac + (1 - a.final_lr_frac) * 0.5 * (1 + math.cos(math.pi * t)))
    if it < a.warmup:
        return a.lr * (0.1 + 0.9 * it / a.warmup)
    if a.time_budget_min:
        t = min(1.0, max(0.0, (elapsed - a.warmup_s) / (a.time_budget_min * 60 - a.warmup_s)))
    else:
        t = (it - a.warmup) / max(1, a.iters - a.warmup)
    return a.lr * (a.final_lr_frac + (1 - a.final_lr_frac) * 0.5 * (1 + math.cos(math.pi * t)))


def batch(data, it, a):
    rng = np.random.default_rng([a.seed, it])
    idx = rng.integers(0, len(data), a.batch)
    xs, bs, ls = [], [], []
    for i in idx:
        x, b, l = data.get(int(i), rng.random() < 0.5, rng.random() < 0.5)
        xs.append(x)
        bs.append(b)
        ls.append(l)
    return torch.stack(xs), bs, ls


@torch.no_grad()
def precise_bn(model, data, a, n_batches):
    """Re-estimate BN running statistics as exact averages over n_batches training batches."""
    bns = [m for m in model.modules() if isinstance(m, nn.BatchNorm2d)]
    for m in bns:
        m.reset_running_stats()
        m.momentum = None
    model.train()
    gen = torch.Generator().manual_seed(12345)
    for k in range(n_batches):
        x, b, l = batch(data, 10_000_000 + k, a)
        detector_losses(model, x, b, l, gen, vars(a))
    for m in bns:
        m.momentum = 0.1


def save(path, model, opt, it, a, extra=None):
    tmp = path + ".tmp"
    torch.save({"model": model.state_dict(), "optimizer": opt.state_dict() if opt else None, "iter": it,
                "config": model.cfg.to_dict(), "args": vars(a), **(extra or {})}, tmp)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--iters", type=int, default=1500)
    ap.add_argument("--batch", type=int, default=8)
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--warmup", type=int, default=100)
    ap.add_argument("--final-lr-frac", type=float, default=0.02)
    ap.add_argument("--rpn-num", type=int, default=256)
    ap.add_argument("--rcnn-num", type=int, default=128)
    ap.add_argument("--train-nms-pre", type=int, default=2000)
    ap.add_argument("--train-max-per-img", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--ckpt-minutes", type=float, default=4.0)
    ap.add_argument("--precise-bn-batches", type=int, default=40)
    ap.add_argument("--time-budget-min", type=float, default=0.0,
                    help="stop after this much training wall time (cumulative over resumes); the cosine "
                         "schedule then runs over time; --iters becomes an upper bound")
    ap.add_argument("--warmup-s", type=float, default=500.0,
                    help="with --time-budget-min: wall time at which the cosine starts (after warm-up)")
    ap.add_argument("--cycle-start-s", type=float, default=None,
                    help="with --time-budget-min: start a new cosine cycle (warm restart) at this cumulative "
                         "training wall time, e.g. the elapsed_s of the checkpoint being resumed")
    ap.add_argument("--cycle-warmup-s", type=float, default=120.0)
    ap.add_argument("--init-model", help="start a new run from this train.py checkpoint's weights "
                    "(fresh optimizer and schedule); ignored when <work>/latest.pth exists")
    ap.add_argument("--init-backbone", help="then replace the backbone with pretrain.py's backbone.pth")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    torch.manual_seed(a.seed)
    os.makedirs(a.work, exist_ok=True)
    cfg = demo_config()
    model = DoubleHeadDetector(cfg)
    init_weights(model)
    opt = torch.optim.AdamW(model.parameters(), lr=a.lr, weight_decay=a.weight_decay)
    data = ShapesData(a.data, cfg)
    latest = os.path.join(a.work, "latest.pth")
    start, elapsed0 = 0, 0.0
    if not os.path.exists(latest):
        if a.init_model:
            model.load_state_dict(torch.load(a.init_model, map_location="cpu", weights_only=False)["model"])
            print(f"initialised from {a.init_model}", flush=True)
        if a.init_backbone:
            model.backbone.load_state_dict(torch.load(a.init_backbone, map_location="cpu", weights_only=False)["backbone"])
            print(f"backbone from {a.init_backbone}", flush=True)
    if os.path.exists(latest):
        ck = torch.load(latest, map_location="cpu", weights_only=False)
        model.load_state_dict(ck["model"])
        opt.load_state_dict(ck["optimizer"])
        start, elapsed0 = ck["iter"], ck.get("elapsed", 0.0)
        print(f"resumed from iter {start}", flush=True)
    log = open(os.path.join(a.work, "log.txt"), "a")
    model.train()
    t0 = time.time()
    last_ck = time.time()
    acc = {}
    it = start
    for it in range(start, a.iters):
        el_now = elapsed0 + time.time() - t0
        if a.time_budget_min and el_now >= a.time_budget_min * 60:
            break
        for g in opt.param_groups:
            g["lr"] = lr_at(it, a, el_now)
        gen = torch.Generator().manual_seed(a.seed * 1_000_003 + it)
        x, b, l = batch(data, it, a)
        losses, stats = detector_losses(model, x, b, l, gen, vars(a))
        total = sum(LOSS_WEIGHTS[k] * v for k, v in losses.items())
        opt.zero_grad(set_to_none=True)
        total.backward()
        gn = torch.nn.utils.clip_grad_norm_(model.parameters(), 10.0)
        opt.step()
        for k, v in list(losses.items()) + [("total", total), ("gnorm", gn)]:
            acc.setdefault(k, []).append(float(v))
        for k, v in stats.items():
            acc.setdefault(k, []).append(float(v))
        if (it + 1) % 10 == 0 or it + 1 == a.iters:
            el = elapsed0 + time.time() - t0
            msg = {"iter": it + 1, "lr": round(opt.param_groups[0]["lr"], 6), "elapsed_s": round(el, 1),
                   **{k: round(float(np.mean(v)), 4) for k, v in acc.items()}}
            print(json.dumps(msg), flush=True)
            log.write(json.dumps(msg) + "\n")
            log.flush()
            acc = {}
        if time.time() - last_ck > a.ckpt_minutes * 60:
            save(latest, model, opt, it + 1, a, {"elapsed": elapsed0 + time.time() - t0})
            last_ck = time.time()
    el = elapsed0 + time.time() - t0
    done_iters = it + 1 if not (a.time_budget_min and el >= a.time_budget_min * 60 and it < a.iters - 1) else it
    save(latest, model, opt, done_iters, a, {"elapsed": el})
    t1 = time.time()
    precise_bn(model, data, a, a.precise_bn_batches)
    model.eval()
    save(os.path.join(a.work, "final.pth"), model, None, done_iters, a,
         {"elapsed": el, "precise_bn_s": time.time() - t1})
    print(json.dumps({"done": True, "iters": done_iters, "train_wall_s": round(el, 1), "precise_bn_s": round(time.time() - t1, 1)}), flush=True)


if __name__ == "__main__":
    main()
