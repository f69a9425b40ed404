"""Test-time pipeline of the authors' maskrcnn-benchmark fork, one image, batch of one.

Written from wuyuebupt/doubleheadsrcnn: data/transforms/{build,transforms}.py (input),
structures/image_list.py (padding), modeling/rpn/inference.py (proposals),
modeling/poolers.py (PoolerNeighbor, LevelMapper), modeling/roi_heads/box_head/{box_head,
inference}.py (the four evaluation modes), data/datasets/evaluation/coco/coco_eval.py (back to
the original image, xywh for COCO). See docs/AUTHORS_CHECKPOINTS.md for the citations."""
from __future__ import annotations

import math

import numpy as np
import torch
from PIL import Image
from torchvision.ops import roi_align

from . import boxes as B
from .model import AuthorsDoubleHead

# box_head/inference.py: mode i of PostProcessor, run for every i whose TEST.EVALUATION_FLAGS[i]
# is 1 (cmd_test.sh: 1 1 1 1). Named as dhscope names its head variants.
MODES = {0: "conv", 1: "fc", 2: "dh", 3: "dh-ext"}


def resized_size(w: int, h: int, min_size: int, max_size: int):
    """Resize.get_size: the short side to min_size unless the long side would pass max_size
    (then short = int(round(max_size * short / long)), Python's round: halves to even); the
    long side is TRUNCATED: int(short_target * long / short). Returns (new_w, new_h)."""
    size = min_size
    short, long = float(min(w, h)), float(max(w, h))
    if long / short * size > max_size:
        size = int(round(max_size * short / long))
    if (w <= h and w == size) or (h <= w and h == size):
        return w, h
    if w < h:
        return size, int(size * h / w)
    return int(size * w / h), size


def preprocess(pil_rgb: Image.Image, c):
    """PIL bilinear resize of the 8-bit RGB image (Pillow's resampling: the filter widens when
    shrinking), to float /255, channels to B, G, R, * 255, minus PIXEL_MEAN (BGR), / PIXEL_STD,
    zero-padded at the bottom and right to multiples of 32. Returns (1x3xHpxWp, meta)."""
    w, h = pil_rgb.size
    nw, nh = resized_size(w, h, c.min_size, c.max_size)
    img = pil_rgb if (nw, nh) == (w, h) else pil_rgb.resize((nw, nh), Image.BILINEAR)
    t = torch.from_numpy(np.asarray(img, dtype=np.uint8).copy()).permute(2, 0, 1).float().div(255)
    t = t[[2, 1, 0]] * 255
    t = (t - torch.tensor(c.pixel_mean)[:, None, None]) / torch.tensor(c.pixel_std)[:, None, None]
    d = c.size_divisibility
    ph, pw = (int(math.ceil(nh / d) * d), int(math.ceil(nw / d) * d)) if d > 0 else (nh, nw)
    x = torch.zeros(1, 3, ph, pw)
    x[0, :, :nh, :nw] = t
    meta = {"ori_shape": (h, w), "img_shape": (nh, nw), "pad_shape": (ph, pw), "scale_factor": (nw / w, nh / h)}
    return x, meta


def proposals(model: AuthorsDoubleHead, feats, img_w: int, img_h: int):
    """RPNPostProcessor at test time. Per level: sigmoid, top pre_nms_top_n (sorted), decode with
    weights (1, 1, 1, 1), clip, drop boxes with (x2 - x1 + 1) or (y2 - y1 + 1) under min_size,
    NMS 0.7, first post_nms_top_n. Then all levels together: top fpn_post_nms_top_n by objectness,
    per image. Returns boxes (N x 4, resized px), objectness (N), level (N, 0 = P2)."""
    c = model.cfg
    logits, regs = model.rpn.head(feats)
    bases = model.rpn.anchor_generator.cell_anchors.levels()
    all_b, all_s, all_l = [], [], []
    for lvl, (lg, rg, base, stride) in enumerate(zip(logits, regs, bases, c.anchor_strides)):
        _, a, h, w = lg.shape
        obj = lg[0].permute(1, 2, 0).reshape(-1).sigmoid()                       # (row, col, anchor)
        deltas = rg[0].reshape(a, 4, h, w).permute(2, 3, 0, 1).reshape(-1, 4)
        anchors = B.grid_anchors(base, stride, h, w)
        k = min(c.pre_nms_top_n, obj.numel())
        obj, idx = obj.topk(k, sorted=True)
        boxes = B.clip(B.decode(deltas[idx], anchors[idx], (1.0, 1.0, 1.0, 1.0)), img_w, img_h)
        ws, hs = boxes[:, 2] - boxes[:, 0] + 1, boxes[:, 3] - boxes[:, 1] + 1
        keep = torch.nonzero((ws >= c.rpn_min_size) & (hs >= c.rpn_min_size)).squeeze(1)
        boxes, obj = boxes[keep], obj[keep]
        keep = B.nms(boxes, obj, c.rpn_nms)[: c.post_nms_top_n]
        all_b.append(boxes[keep])
        all_s.append(obj[keep])
        all_l.append(torch.full((len(keep),), lvl, dtype=torch.int64))
    boxes, obj, lvls = torch.cat(all_b), torch.cat(all_s), torch.cat(all_l)
    k = min(c.fpn_post_nms_top_n, obj.numel())
    obj, idx = obj.topk(k, sorted=True)
    return boxes[idx], obj, lvls[idx]


def pool(feats, rois: torch.Tensor, c, factor: float):
    """PoolerNeighbor: level from the boxes as given, ROIAlign (not aligned, sampling ratio 2)
    of the boxes expanded by `factor` on that level."""
    lv = B.map_levels(rois, 2, 5, c.canonical_scale, c.canonical_level, c.level_eps)
    ex = B.expand(rois, factor)
    r = c.pooler_resolution
    out = torch.zeros(len(rois), feats[0].shape[1], r, r)
    for i, scale in enumerate(c.pooler_scales):
        idx = torch.nonzero(lv == i).squeeze(1)
        if idx.numel():
            batched = torch.cat([torch.zeros(len(idx), 1), ex[idx]], 1)
            out[idx] = roi_align(feats[i], batched, (r, r), spatial_scale=scale, sampling_ratio=c.sampling_ratio,
                                 aligned=False)
    return out, lv


def head_outputs(model: AuthorsDoubleHead, feats, rois):
    """Raw logits and deltas of both branches, in the authors' layout (background = column 0)."""
    c = model.cfg
    x_conv, lv = pool(feats, rois, c, c.conv_expand)
    x_fc, _ = pool(feats, rois, c, c.fc_expand)
    box = model.roi_heads["box"]
    conv_cls, conv_reg, fc_cls, fc_reg = box.predictor(box.feature_extractor(x_conv, x_fc))
    return {"conv_cls": conv_cls, "conv_reg": conv_reg, "fc_cls": fc_cls, "fc_reg": fc_reg, "roi_level": lv}


def mode_inputs(mode: int, raw):
    """box_head/inference.py PostProcessor: the class probabilities and the deltas of a mode."""
    p_conv, p_fc = raw["conv_cls"].softmax(-1), raw["fc_cls"].softmax(-1)
    if mode == 0:
        return p_conv, raw["conv_reg"]
    if mode == 1:
        return p_fc, raw["fc_reg"]
    if mode == 2:
        return p_fc, raw["conv_reg"]
    if mode == 3:   # the paper's s_fc + s_conv (1 - s_fc), on every column including background
        return 1 - (1 - p_conv) * (1 - p_fc), raw["conv_reg"]
    if mode == -1:  # not one of the authors' modes: dhscope's "dh-reverse", the same rules otherwise
        return p_conv, raw["fc_reg"]
    raise ValueError(mode)


def decoded_boxes(rois, deltas, c, img_w, img_h):
    """(N, 4 K1) clipped boxes of every class, background included (class-agnostic: repeated)."""
    if c.cls_agnostic:
        deltas = deltas[:, -4:]
    b = B.decode(deltas, rois, c.bbox_reg_weights)
    if c.cls_agnostic:
        b = b.repeat(1, c.num_classes)
    return B.clip(b, img_w, img_h)


def filter_results(boxes, scores, c):
    """filter_results: per class j >= 1 in order, scores > thresh, NMS; concatenated by class;
    if more than detections_per_img, keep every score >= the (count - max + 1)-th smallest (ties
    can keep more). Returns boxes, scores, labels (1-based), roi indices, in that order."""
    n, k1 = scores.shape
    out_b, out_s, out_l, out_r = [], [], [], []
    above = scores > c.score_thresh
    for j in range(1, k1):
        idx = torch.nonzero(above[:, j]).squeeze(1)
        bj, sj = boxes[idx, 4 * j: 4 * j + 4], scores[idx, j]
        keep = B.nms(bj, sj, c.nms)
        out_b.append(bj[keep])
        out_s.append(sj[keep])
        out_l.append(torch.full((len(keep),), j, dtype=torch.int64))
        out_r.append(idx[keep])
    b, s, l, r = torch.cat(out_b), torch.cat(out_s), torch.cat(out_l), torch.cat(out_r)
    if len(s) > c.detections_per_img > 0:
        kth, _ = torch.kthvalue(s, len(s) - c.detections_per_img + 1)
        keep = torch.nonzero(s >= kth.item()).squeeze(1)
        b, s, l, r = b[keep], s[keep], l[keep], r[keep]
    return b, s, l, r


def to_original(boxes, meta):
    """BoxList.resize back to the original size: x * (w / new_w), y * (h / new_h); one factor
    when both ratios are equal."""
    (h, w), (nh, nw) = meta["ori_shape"], meta["img_shape"]
    rw, rh = float(w) / float(nw), float(h) / float(nh)
    if rw == rh:
        return boxes * rw
    out = boxes.clone()
    out[:, 0::2] = boxes[:, 0::2] * rw
    out[:, 1::2] = boxes[:, 1::2] * rh
    return out


@torch.no_grad()
def infer(model: AuthorsDoubleHead, pil_rgb: Image.Image, given_proposals=None, modes=(0, 1, 2, 3, -1)):
    """The whole pipeline. given_proposals: optional N x 4 boxes in resized-input pixels (RPN skipped)."""
    c = model.cfg
    x, meta = preprocess(pil_rgb, c)
    nh, nw = meta["img_shape"]
    feats = model.backbone(x)
    out = {"meta": meta}
    if given_proposals is None:
        rois, obj, lvls = proposals(model, feats, nw, nh)
        out.update(objectness=obj, proposal_level=lvls)
    else:
        rois = torch.as_tensor(given_proposals, dtype=torch.float32).reshape(-1, 4)
    out["proposals"] = rois
    raw = head_outputs(model, feats[:4], rois)
    out["raw"] = raw
    out["decoded"] = {"conv": decoded_boxes(rois, raw["conv_reg"], c, nw, nh),
                      "fc": decoded_boxes(rois, raw["fc_reg"], c, nw, nh)}
    dets = {}
    for m in modes:
        s, d = mode_inputs(m, raw)
        b = out["decoded"]["conv" if d is raw["conv_reg"] else "fc"]
        dets[MODES.get(m, "dh-reverse")] = filter_results(b, s, c)
    out["detections"] = dets
    return out
