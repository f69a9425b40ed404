"""Box utilities with mmdetection conventions (no +1 anywhere)."""
from __future__ import annotations

import math

import torch
from torchvision.ops import batched_nms, nms  # noqa: F401  (re-exported)

MAX_RATIO = abs(math.log(16.0 / 1000.0))   # 4.135166556742356


def encode(proposals: torch.Tensor, gt: torch.Tensor, stds, means=(0.0, 0.0, 0.0, 0.0)) -> torch.Tensor:
    """DeltaXYWHBBoxCoder.encode: (N,4) x1y1x2y2 -> (N,4) normalised deltas."""
    p = proposals.float()
    g = gt.float()
    px = (p[:, 0] + p[:, 2]) * 0.5
    py = (p[:, 1] + p[:, 3]) * 0.5
    pw = p[:, 2] - p[:, 0]
    ph = p[:, 3] - p[:, 1]
    gx = (g[:, 0] + g[:, 2]) * 0.5
    gy = (g[:, 1] + g[:, 3]) * 0.5
    gw = g[:, 2] - g[:, 0]
    gh = g[:, 3] - g[:, 1]
    d = torch.stack([(gx - px) / pw, (gy - py) / ph, torch.log(gw / pw), torch.log(gh / ph)], -1)
    return (d - d.new_tensor(means)) / d.new_tensor(stds)


def decode(rois: torch.Tensor, deltas: torch.Tensor, stds, max_shape=None,
           means=(0.0, 0.0, 0.0, 0.0)) -> torch.Tensor:
    """DeltaXYWHBBoxCoder.decode. rois (N,4); deltas (N,4k) -> boxes (N,4k).

    max_shape = (h, w) of the resized image before padding; x is clamped to
    [0, w] and y to [0, h]."""
    n = deltas.shape[0]
    d = deltas.reshape(n, deltas.shape[1] // 4, 4) * deltas.new_tensor(stds) + deltas.new_tensor(means)
    dx, dy = d[..., 0], d[..., 1]
    dw = d[..., 2].clamp(-MAX_RATIO, MAX_RATIO)
    dh = d[..., 3].clamp(-MAX_RATIO, MAX_RATIO)
    r = rois[:, None, :]
    px = (r[..., 0] + r[..., 2]) * 0.5
    py = (r[..., 1] + r[..., 3]) * 0.5
    pw = r[..., 2] - r[..., 0]
    ph = r[..., 3] - r[..., 1]
    gw = pw * dw.exp()
    gh = ph * dh.exp()
    gx = px + pw * dx
    gy = py + ph * dy
    x1 = gx - gw * 0.5
    y1 = gy - gh * 0.5
    x2 = gx + gw * 0.5
    y2 = gy + gh * 0.5
    if max_shape is not None:
        h, w = max_shape
        x1 = x1.clamp(0, w)
        x2 = x2.clamp(0, w)
        y1 = y1.clamp(0, h)
        y2 = y2.clamp(0, h)
    return torch.stack([x1, y1, x2, y2], -1).reshape(n, -1)


def box_iou(a: torch.Tensor, b: torch.Tensor) -> torch.Tensor:
    """Pairwise IoU (N,M), areas w*h with no +1."""
    area_a = (a[:, 2] - a[:, 0]).clamp(min=0) * (a[:, 3] - a[:, 1]).clamp(min=0)
    area_b = (b[:, 2] - b[:, 0]).clamp(min=0) * (b[:, 3] - b[:, 1]).clamp(min=0)
    lt = torch.max(a[:, None, :2], b[None, :, :2])
    rb = torch.min(a[:, None, 2:], b[None, :, 2:])
    wh = (rb - lt).clamp(min=0)
    inter = wh[..., 0] * wh[..., 1]
    union = area_a[:, None] + area_b[None, :] - inter
    return inter / union.clamp(min=1e-6)


def nms_reference(boxes: torch.Tensor, scores: torch.Tensor, iou_thr: float) -> torch.Tensor:
    """Plain greedy NMS written out (used by tests to check torchvision.ops.nms):
    stable sort by score descending, drop every later box with IoU > iou_thr."""
    order = torch.sort(scores, descending=True, stable=True).indices
    keep = []
    suppressed = torch.zeros(len(boxes), dtype=torch.bool)
    iou = box_iou(boxes, boxes)
    for i in order.tolist():
        if suppressed[i]:
            continue
        keep.append(i)
        suppressed |= iou[i] > iou_thr
    return torch.tensor(keep, dtype=torch.long)
