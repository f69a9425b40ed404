#!/usr/bin/env python3
"""Write Samples/models/MODEL_CARD.md from the training log and the evaluation output.

    python Tools/model_card.py --work ../dhwork/run2 --eval ../dhwork/eval"""
from __future__ import annotations

import argparse
import json
import os

import torch

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

TEMPLATE = """# Model card: shapes-dh-ext

`Samples/models/shapes-dh-ext.safetensors` — a small Double-Head-Ext R-CNN
(Wu et al., CVPR 2020) trained on the CPU, with no external data or weights, on generated "shapes" scenes,
shipped so that dhscope works with no download. {size_mb:.2f} MB, F16 weights, mmdetection
state_dict names plus the two Ext outputs (`roi_head.bbox_head.conv_cls`,
`roi_head.bbox_head.fc_reg_fc`); configuration in the safetensors `__metadata__`
(keys in `Tools/README.md`).

{status}

## Classes

| label | COCO category id | name |
|---|---|---|
{class_rows}

Look-alike groups: circle / hexagon / octagon and square / rectangle / diamond
(rotated; a diamond is a rhombus with unequal diagonals, a rectangle has aspect 1.5-2.6).

## Architecture

- Backbone: ResNet-18 layout (basic blocks 2/2/2/2), pytorch style, base width 32
  (stages 32/64/128/256 channels), BN.
- Neck: FPN, 64 channels, P2-P6 (P6 = max-pool of P5).
- RPN: 3x3 conv 64 + ReLU, 3 anchors per position: strides 4/8/16/32/64, scale 4
  (base sizes 16..256 px, fitted to 256x256 scenes), ratios 0.5/1/2.
- RoI: RoIAlign 7x7 (aligned, adaptive sampling) on P2-P5, level by `floor(log2(sqrt(wh)/56))`;
  conv branch pools the RoI enlarged 1.3x.
- DoubleConvFCBBoxHead: conv branch = BasicResBlock 64->256 + 2 bottlenecks (256->64->64->256),
  7x7 average pool, `fc_reg` (4K, class-specific) and Ext `conv_cls` (K+1);
  fc branch = 2 fcs of 256, `fc_cls` (K+1) and Ext `fc_reg_fc` (4K).
- {params:,} parameters.
- Test settings: resize to fit (320, 256) keeping the aspect ratio (256x256 scenes are not
  resized), pad to 32, RPN nms_pre 1000 per level, NMS 0.7, max 200 proposals (300 during evaluation of earlier versions; 200 gives the same AP here and keeps a sample image under 150 ms);
  score > 0.05, class-wise NMS 0.5, 100 detections.

## Training recipe

- Data: 5000 scenes from `Tools/shapes.py --seed 1` (256x256, 2-11 objects, sizes ~12 px to
  ~225 px, rotation, touching/occluding objects, colour jitter, blur, noise, photo and
  procedural backgrounds); random horizontal and vertical flips.
- No pretrained weights from elsewhere: Kaiming init, zero-init last BN of residual blocks;
  BN in training mode (batch statistics); afterwards the BN running statistics were
  re-estimated exactly over 40 batches ("precise BN").
- Losses (Double-Head-Ext, unfocused task supervision with w_fc 2.0, l_fc 0.7, w_conv 2.5,
  l_conv 0.8): `L = rpn_cls + rpn_reg + 1.4 fc_cls + 0.6 fc_reg + 0.5 conv_cls + 2.0 conv_reg`.
  RPN: MaxIoUAssigner(0.7, 0.3, min_pos 0.3), 256 anchors/img, 50 % positive, BCE + L1.
  RCNN: train-time proposals (see below), GT added as proposals, MaxIoUAssigner(0.5, 0.5),
  25 % positive, CE (background last) + L1 on (0.1, 0.1, 0.2, 0.2)-normalised deltas of the
  GT class, averaged over all sampled RoIs (mmdetection's normalisation).
- Optimiser: AdamW, weight decay 1e-4, grad-norm clip 10, linear warm-up (100 it) then cosine
  decay to 2 % — over iterations first, then (after a restart, see history) over a wall-time budget.
- Schedule history (three stages; all resumes are exact from checkpoints):
{history}
- Stage 3: {iters} iterations, training wall time {wall_min:.1f} min (plus {pbn:.1f} min precise BN)
  on 2 CPU cores (torch.set_num_threads(2)), shared at times with Swift builds and tests.
  In all: 114 + 22 + {wall_min:.0f} minutes of training.
- Final losses (mean of the last 50 iterations): {final_losses}

### Commands that reproduce it

```
cd Tools
PY=../dhvenv/bin/python          # pip install -r Tools/requirements.txt
$PY shapes.py --out ../dhwork/data/train --count 5000 --seed 1 --prefix train
$PY shapes.py --out ../dhwork/data/val --count 500 --seed 2 --prefix val
{train_cmds}
$PY export.py --ckpt ../dhwork/run2/final.pth --out ../Samples/models/shapes-dh-ext.safetensors \\
    --dtype F16 --rpn-max-per-img 200
$PY evaluate.py --model ../Samples/models/shapes-dh-ext.safetensors --data ../dhwork/data/val \\
    --out ../dhwork/eval
$PY fixtures.py demo
$PY model_card.py --work ../dhwork/run2 --eval ../dhwork/eval ...
```
(Training is deterministic given the seeds, but not bit-reproducible across machines or
thread counts; the wall-time schedule also depends on the machine's speed.)

## Evaluation

pycocotools bbox AP on the held-out seed-2 set, the exported F16 model, every head variant
computed from the SAME network pass and the same proposals (variants differ only in which
outputs feed the post-processing):

{report}

### Reading the analysis

{analysis_text}
"""


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--work", default="../dhwork/run2")
    ap.add_argument("--eval", default="../dhwork/eval")
    ap.add_argument("--model", default=os.path.join(REPO, "Samples", "models", "shapes-dh-ext.safetensors"))
    ap.add_argument("--history", default=None, help="file with a markdown list of the schedule history")
    ap.add_argument("--train-cmds", default=None, help="file with the exact training commands")
    ap.add_argument("--status", default="", help="file with a status paragraph")
    ap.add_argument("--images", type=int, default=0, help="number of training images seen")
    ap.add_argument("--analysis-text", default="", help="file with the analysis discussion")
    a = ap.parse_args()
    logs = [json.loads(l) for l in open(os.path.join(a.work, "log.txt"))]
    last = [l for l in logs if "fc_cls" in l][-5:]
    keys = ["rpn_cls", "rpn_reg", "fc_cls", "fc_reg", "conv_cls", "conv_reg", "total"]
    fin = ", ".join(f"{k} {sum(l[k] for l in last) / len(last):.3f}" for k in keys)
    ck = torch.load(os.path.join(a.work, "final.pth"), map_location="cpu", weights_only=False)
    from common import load_model
    m = load_model(a.model)
    classes = m.cfg.class_names
    with open(os.path.join(a.eval, "report.md")) as f:
        report = f.read()
    images = a.images or ck.get("images_seen") or 0
    txt = TEMPLATE.format(
        size_mb=os.path.getsize(a.model) / 1e6, status=open(a.status).read().rstrip() if a.status else "",
        class_rows="\n".join(f"| {i} | {i + 1} | {n} |" for i, n in enumerate(classes)),
        params=sum(p.numel() for p in m.parameters()), history=open(a.history).read().rstrip() if a.history else "",
        iters=ck["iter"], images=images or "see history", wall_min=ck["elapsed"] / 60,
        pbn=ck.get("precise_bn_s", 0) / 60, final_losses=fin, train_cmds=open(a.train_cmds).read().rstrip() if a.train_cmds else "",
        report=report, analysis_text=open(a.analysis_text).read().rstrip() if a.analysis_text else "")
    out = os.path.join(REPO, "Samples", "models", "MODEL_CARD.md")
    with open(out, "w") as f:
        f.write(txt)
    print("wrote", out)


if __name__ == "__main__":
    main()
