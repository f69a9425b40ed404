#!/usr/bin/env python3
"""Train the shapes baseline: mmdetection's Faster R-CNN head (Shared2FCBBoxHead, two shared
fcs of 256, then fc_cls and fc_reg) on the demo model's frozen backbone, FPN and RPN.

The baseline and the demo Double-Head model then differ only in their RoI head: same
features, same proposals, the comparison the paper's analysis makes. Losses as mmdetection's
Faster R-CNN: cross-entropy + L1 (weight 1 each). Resumable: re-running the same command
continues from <work>/latest.pth; --export writes the safetensors from the latest state.

    nohup nice -n 10 ../dhvenv/bin/python Tools/train_baseline.py --data ../dhwork/data/train \\
        --work ../dhwork/baseline --minutes 40 &
    ../dhvenv/bin/python Tools/train_baseline.py --data ../dhwork/data/train --work ../dhwork/baseline \\
        --export Samples/models/shapes-2fc.safetensors
"""
from __future__ import annotations

import argparse
import json
import math
import os
import time

import torch

from common import load_model
from dhref import DetectorConfig, DoubleHeadDetector
from dhref.training import head_losses, rcnn_samples
from export import export_state_dict, metadata_for
from train import ShapesData, batch

DEMO = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Samples", "models", "shapes-dh-ext.safetensors")
FROZEN = ("backbone.", "neck.", "rpn_head.")


def baseline_model(demo_path: str) -> DoubleHeadDetector:
    """The demo's backbone, FPN and RPN (frozen, BN in eval mode) under a fresh Shared2FC head."""
    demo = load_model(demo_path)
    cfg = DetectorConfig.from_dict({**demo.cfg.to_dict(), "head": "shared2fc", "with_conv_cls": False,
                                    "with_fc_reg": False, "reg_class_agnostic": False})
    model = DoubleHeadDetector(cfg)
    shared = {k: v for k, v in demo.state_dict().items() if k.startswith(FROZEN)}
    missing, unexpected = model.load_state_dict(shared, strict=False)
    assert not unexpected and all(k.startswith("roi_head.") for k in missing), (missing, unexpected)
    for name, p in model.named_parameters():
        p.requires_grad = not name.startswith(FROZEN)
    h = model.roi_head.bbox_head
    for fc in h.shared_fcs:
        torch.nn.init.xavier_uniform_(fc.weight)
        torch.nn.init.zeros_(fc.bias)
    torch.nn.init.normal_(h.fc_cls.weight, 0, 0.01)
    torch.nn.init.normal_(h.fc_reg.weight, 0, 0.001)
    torch.nn.init.zeros_(h.fc_cls.bias)
    torch.nn.init.zeros_(h.fc_reg.bias)
    return model


def lr_at(a, elapsed: float) -> float:
    """Linear warm-up over a.warmup_s seconds, then cosine decay over the time budget."""
    if elapsed < a.warmup_s:
        return a.lr * (0.1 + 0.9 * elapsed / a.warmup_s)
    t = min(1.0, (elapsed - a.warmup_s) / max(1.0, a.minutes * 60 - a.warmup_s))
    return a.lr * (0.02 + 0.98 * 0.5 * (1 + math.cos(math.pi * t)))


def save(path, model, opt, it, elapsed, a):
    tmp = path + ".tmp"
    head = {k: v for k, v in model.state_dict().items() if k.startswith("roi_head.")}
    torch.save({"head": head, "optimizer": opt.state_dict(), "iter": it, "elapsed": elapsed, "args": vars(a)}, tmp)
    os.replace(tmp, path)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="shapes.py training scenes")
    ap.add_argument("--work", required=True, help="checkpoints and log")
    ap.add_argument("--demo", default=DEMO, help="the Double-Head model whose backbone, FPN and RPN are used")
    ap.add_argument("--minutes", type=float, default=40.0, help="wall-time budget of the cosine schedule")
    ap.add_argument("--lr", type=float, default=2e-3)
    ap.add_argument("--weight-decay", type=float, default=1e-4)
    ap.add_argument("--warmup-s", type=float, default=60.0)
    ap.add_argument("--batch", type=int, default=4)
    ap.add_argument("--rcnn-num", type=int, default=64)
    ap.add_argument("--train-nms-pre", type=int, default=1000)
    ap.add_argument("--train-max-per-img", type=int, default=500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--export", help="write the trained baseline here (safetensors, F16) and stop")
    a = ap.parse_args()
    torch.set_num_threads(a.threads)
    os.makedirs(a.work, exist_ok=True)
    model = baseline_model(a.demo)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=a.lr, weight_decay=a.weight_decay)
    latest = os.path.join(a.work, "latest.pth")
    it, elapsed = 0, 0.0
    if os.path.exists(latest):
        ck = torch.load(latest, map_location="cpu", weights_only=False)
        model.load_state_dict(ck["head"], strict=False)
        opt.load_state_dict(ck["optimizer"])
        it, elapsed = ck["iter"], ck["elapsed"]
        print(f"resumed at iteration {it}, {elapsed / 60:.1f} min")
    if a.export:
        model.eval()
        training = {"recipe": "Tools/train_baseline.py: Shared2FC head on the demo's frozen backbone, FPN, RPN",
                    "iterations": it, "minutes": round(elapsed / 60, 1), "batch": a.batch, "rcnn_num": a.rcnn_num}
        from safetensors.torch import save_file
        meta = metadata_for(model.cfg, training)
        arch = json.loads(meta["architecture"])
        # The head has no convs: the Double-Head's conv branch settings would describe tensors it lacks.
        arch.update(type="FasterRCNN", head="shared2fc", num_convs=0)
        arch.pop("conv_out_channels", None)
        meta["architecture"] = json.dumps(arch)
        meta["variants"] = json.dumps(["fc2"])
        meta.pop("ext_tensors", None)
        save_file(export_state_dict(model, "F16"), a.export, metadata=meta)
        print(f"wrote {a.export}: {os.path.getsize(a.export) / 1e6:.2f} MB")
        return
    data = ShapesData(a.data, model.cfg)
    tc = vars(a)
    gen = torch.Generator().manual_seed(a.seed * 1000 + it)
    log = open(os.path.join(a.work, "log.txt"), "a")
    model.eval()  # frozen BN; the head has none
    last_save = time.time()
    start = time.time() - elapsed
    window = []
    while elapsed < a.minutes * 60:
        lr = lr_at(a, elapsed)
        for g in opt.param_groups:
            g["lr"] = lr
        x, boxes, labels = batch(data, it, a)
        with torch.no_grad():
            feats = model.features(x)
            cls_maps, reg_maps = model.rpn_head(feats)
            rois, bidx, lab, tgt, pos = rcnn_samples(model, cls_maps, reg_maps, model.anchors(feats),
                                                     tuple(x.shape[-2:]), boxes, labels, gen, tc)
        losses, stats = head_losses(model, [f.detach() for f in feats], rois, bidx, lab, tgt, pos)
        loss = losses["fc_cls"] + losses["fc_reg"]
        opt.zero_grad()
        loss.backward()
        opt.step()
        it += 1
        elapsed = time.time() - start
        window.append((losses["fc_cls"].item(), losses["fc_reg"].item(), stats["fc_acc"]))
        window = window[-50:]
        if it % 25 == 0:
            m = [sum(v[k] for v in window) / len(window) for k in range(3)]
            line = (f"it {it} {elapsed / 60:.1f} min lr {lr:.2e} fc_cls {m[0]:.3f} fc_reg {m[1]:.3f} "
                    f"acc {m[2]:.3f}")
            print(line, flush=True)
            log.write(line + "\n")
            log.flush()
        if time.time() - last_save > 180:
            save(latest, model, opt, it, elapsed, a)
            last_save = time.time()
    save(latest, model, opt, it, elapsed, a)
    print(f"done: {it} iterations in {elapsed / 60:.1f} min")


if __name__ == "__main__":
    main()
