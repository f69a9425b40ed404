"""Box rules of maskrcnn-benchmark (Detectron's legacy "+1" pixel convention).

A box (x1, y1, x2, y2) covers the pixels x1..x2 inclusive: its width is x2 - x1 + 1, its centre
x1 + width / 2, and a decoded box ends at centre + width / 2 - 1. Areas, IoU, NMS, level mapping,
clipping and the RoI expansion all follow this; ROIAlign itself does not (it samples between
x1 * scale and x2 * scale). Written from maskrcnn_benchmark/modeling/box_coder.py,
structures/bounding_box.py, structures/boxlist_ops.py, csrc/cuda/nms.cu, modeling/poolers.py and
modeling/rpn/anchor_generator.py of wuyuebupt/doubleheadsrcnn."""
from __future__ import annotations

import math

import numpy as np
import torch
from torchvision.ops import nms as _tv_nms

XFORM_CLIP = math.log(1000.0 / 16)


def cell_anchors(stride: int, size: float, ratios) -> torch.Tensor:
    """The A x 4 anchors of one FPN level around cell (0, 0), float32.

    A stride x stride window at (0, 0) with centre (stride - 1) / 2; for each ratio r its area is
    kept and the width rounded: w = round(sqrt(stride^2 / r)), h = round(w * r) (numpy rounding,
    halves to even: stride 32, r = 0.5 gives h = round(22.5) = 22); both then scaled by
    size / stride and the box is centre -/+ (side - 1) / 2. Computed in float64, then float32."""
    ctr = 0.5 * (stride - 1)
    rows = []
    for r in ratios:
        w = np.round(np.sqrt(stride * stride / r))
        h = np.round(w * r)
        w, h = w * (size / stride), h * (size / stride)
        rows.append([ctr - 0.5 * (w - 1), ctr - 0.5 * (h - 1), ctr + 0.5 * (w - 1), ctr + 0.5 * (h - 1)])
    return torch.from_numpy(np.array(rows, dtype=np.float64)).float()


def grid_anchors(base: torch.Tensor, stride: int, h: int, w: int) -> torch.Tensor:
    """Anchors of an h x w map in (row, column, anchor) order, (h * w * A) x 4."""
    xs = torch.arange(0, w * stride, step=stride, dtype=torch.float32)
    ys = torch.arange(0, h * stride, step=stride, dtype=torch.float32)
    sy, sx = torch.meshgrid(ys, xs, indexing="ij")
    shifts = torch.stack([sx.reshape(-1), sy.reshape(-1), sx.reshape(-1), sy.reshape(-1)], 1)
    return (shifts[:, None, :] + base[None]).reshape(-1, 4)


def decode(deltas: torch.Tensor, boxes: torch.Tensor, weights) -> torch.Tensor:
    """deltas N x 4k relative to boxes N x 4 -> N x 4k boxes. dw, dh are clamped from above only."""
    boxes = boxes.to(deltas.dtype)
    widths = boxes[:, 2] - boxes[:, 0] + 1
    heights = boxes[:, 3] - boxes[:, 1] + 1
    cx = boxes[:, 0] + 0.5 * widths
    cy = boxes[:, 1] + 0.5 * heights
    wx, wy, ww, wh = weights
    dx = deltas[:, 0::4] / wx
    dy = deltas[:, 1::4] / wy
    dw = torch.clamp(deltas[:, 2::4] / ww, max=XFORM_CLIP)
    dh = torch.clamp(deltas[:, 3::4] / wh, max=XFORM_CLIP)
    pcx = dx * widths[:, None] + cx[:, None]
    pcy = dy * heights[:, None] + cy[:, None]
    pw = torch.exp(dw) * widths[:, None]
    ph = torch.exp(dh) * heights[:, None]
    out = torch.zeros_like(deltas)
    out[:, 0::4] = pcx - 0.5 * pw
    out[:, 1::4] = pcy - 0.5 * ph
    out[:, 2::4] = pcx + 0.5 * pw - 1
    out[:, 3::4] = pcy + 0.5 * ph - 1
    return out


def clip(boxes: torch.Tensor, w: int, h: int) -> torch.Tensor:
    """Every x into [0, w - 1], every y into [0, h - 1] (w, h: the resized image, not padded)."""
    b = boxes.clone()
    b[:, 0::2] = b[:, 0::2].clamp(min=0, max=w - 1)
    b[:, 1::2] = b[:, 1::2].clamp(min=0, max=h - 1)
    return b


def expand(boxes: torch.Tensor, factor: float) -> torch.Tensor:
    """PoolerNeighbor's RoI expansion about the +1 centre: width (x2 - x1 + 1) * factor, the new
    x2 one pixel short of centre + width / 2. Factor 1 gives the box back (up to rounding).
    The result is not clipped."""
    widths = boxes[:, 2] - boxes[:, 0] + 1
    heights = boxes[:, 3] - boxes[:, 1] + 1
    cx = boxes[:, 0] + 0.5 * widths
    cy = boxes[:, 1] + 0.5 * heights
    ew, eh = widths * factor, heights * factor
    out = torch.zeros_like(boxes)
    out[:, 0] = cx - 0.5 * ew
    out[:, 1] = cy - 0.5 * eh
    out[:, 2] = cx + 0.5 * ew - 1
    out[:, 3] = cy + 0.5 * eh - 1
    return out


def map_levels(boxes: torch.Tensor, k_min=2, k_max=5, canonical=224.0, level0=4, eps=1e-6) -> torch.Tensor:
    """LevelMapper on the UNexpanded boxes: floor(4 + log2(sqrt(+1 area) / 224 + eps)), clamped to
    [k_min, k_max], minus k_min (0 = P2)."""
    area = (boxes[:, 2] - boxes[:, 0] + 1) * (boxes[:, 3] - boxes[:, 1] + 1)
    s = torch.sqrt(area)
    lv = torch.floor(level0 + torch.log2(s / canonical + eps))
    return lv.clamp(min=k_min, max=k_max).to(torch.int64) - k_min


def nms(boxes: torch.Tensor, scores: torch.Tensor, thresh: float) -> torch.Tensor:
    """Greedy NMS with +1 areas; a box is suppressed when its IoU with a kept box is > thresh (the
    CUDA kernel the authors ran; the CPU one uses >=). Returns the kept indices in ascending index
    order, as maskrcnn-benchmark's kernels do (not by score).

    The +1 IoU of (x1, y1, x2, y2) equals the plain IoU of (x1, y1, x2 + 1, y2 + 1), which is what
    torchvision's nms gets here; it sorts by score and suppresses on IoU > thresh."""
    if boxes.numel() == 0:
        return torch.zeros(0, dtype=torch.int64)
    shifted = boxes + boxes.new_tensor([0.0, 0.0, 1.0, 1.0])
    keep = _tv_nms(shifted, scores, thresh)
    return torch.sort(keep).values
