"""RPN head, anchors and proposal generation (mmdetection v2 semantics)."""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.ops import batched_nms

from .boxes import decode


def base_anchors(stride: int, scales, ratios) -> torch.Tensor:
    """(A,4) base anchors centred on 0, ratio-major; ratio = h/w; not rounded."""
    out = []
    for r in ratios:
        hr = math.sqrt(r)
        wr = 1.0 / hr
        for s in scales:
            w = stride * wr * s
            h = stride * hr * s
            out.append([-0.5 * w, -0.5 * h, 0.5 * w, 0.5 * h])
    return torch.tensor(out, dtype=torch.float32)


def grid_anchors(stride: int, scales, ratios, feat_h: int, feat_w: int) -> torch.Tensor:
    """(H*W*A, 4) anchors in (H, W, A) order, centres at (x*stride, y*stride)."""
    base = base_anchors(stride, scales, ratios)
    sx = torch.arange(feat_w, dtype=torch.float32) * stride
    sy = torch.arange(feat_h, dtype=torch.float32) * stride
    yy, xx = torch.meshgrid(sy, sx, indexing="ij")
    shifts = torch.stack([xx.reshape(-1), yy.reshape(-1), xx.reshape(-1), yy.reshape(-1)], -1)
    return (shifts[:, None, :] + base[None, :, :]).reshape(-1, 4)


class RPNHead(nn.Module):
    def __init__(self, in_channels=256, feat_channels=256, num_anchors=3):
        super().__init__()
        self.rpn_conv = nn.Conv2d(in_channels, feat_channels, 3, 1, 1)
        self.rpn_cls = nn.Conv2d(feat_channels, num_anchors, 1)
        self.rpn_reg = nn.Conv2d(feat_channels, num_anchors * 4, 1)

    def forward(self, feats):
        cls, reg = [], []
        for f in feats:
            t = F.relu(self.rpn_conv(f))
            cls.append(self.rpn_cls(t))
            reg.append(self.rpn_reg(t))
        return cls, reg


def flatten_level(cls_map: torch.Tensor, reg_map: torch.Tensor):
    """Per image: (A,H,W) -> (H*W*A,) logits; (4A,H,W) -> (H*W*A,4) deltas."""
    logits = cls_map.permute(1, 2, 0).reshape(-1)
    deltas = reg_map.permute(1, 2, 0).reshape(-1, 4)
    return logits, deltas


@torch.no_grad()
def get_proposals(cls_maps, reg_maps, anchors_per_level, img_shape, nms_pre, max_per_img,
                  nms_iou, stds=(1.0, 1.0, 1.0, 1.0)):
    """Proposals of ONE image (cls_maps[l] is (A,H,W)).

    Returns boxes (N,4) in resized-image space, scores (N,), levels (N,) (0 = P2),
    ordered by descending score."""
    all_boxes, all_scores, all_lvls = [], [], []
    for lvl, (c, r, anchors) in enumerate(zip(cls_maps, reg_maps, anchors_per_level)):
        logits, deltas = flatten_level(c, r)
        scores = logits.sigmoid()
        if nms_pre > 0 and scores.numel() > nms_pre:
            order = torch.sort(scores, descending=True, stable=True).indices[:nms_pre]
            scores, deltas, anchors = scores[order], deltas[order], anchors[order]
        boxes = decode(anchors, deltas, stds, max_shape=img_shape)
        w = boxes[:, 2] - boxes[:, 0]
        h = boxes[:, 3] - boxes[:, 1]
        valid = (w > 0) & (h > 0)
        all_boxes.append(boxes[valid])
        all_scores.append(scores[valid])
        all_lvls.append(torch.full((int(valid.sum()),), lvl, dtype=torch.long))
    boxes = torch.cat(all_boxes)
    scores = torch.cat(all_scores)
    lvls = torch.cat(all_lvls)
    keep = batched_nms(boxes, scores, lvls, nms_iou)[:max_per_img]
    return boxes[keep], scores[keep], lvls[keep]
