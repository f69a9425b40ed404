"""The full Double-Head detector and its mmdetection-style inference."""
from __future__ import annotations

import torch
import torch.nn as nn
from torchvision.ops import batched_nms

from .backbone import FPN, ResNet
from .boxes import decode
from .config import DetectorConfig
from .head import DoubleConvFCBBoxHead, Shared2FCBBoxHead, extract_rois
from .preprocess import preprocess
from .rpn import RPNHead, get_proposals, grid_anchors

VARIANTS = ("fc", "conv", "dh", "dh-reverse", "dh-ext", "fc2")


class RoIHead(nn.Module):
    def __init__(self, cfg: DetectorConfig):
        super().__init__()
        if cfg.head == "shared2fc":
            self.bbox_head = Shared2FCBBoxHead(cfg.fpn_channels, cfg.roi_size, cfg.num_classes, cfg.fc_out_channels,
                                               cfg.num_fcs, cfg.reg_class_agnostic)
            return
        self.bbox_head = DoubleConvFCBBoxHead(cfg.fpn_channels, cfg.roi_size, cfg.num_classes,
                                              cfg.conv_out_channels, cfg.fc_out_channels, cfg.num_convs,
                                              cfg.num_fcs, cfg.with_conv_cls, cfg.with_fc_reg)


def available_variants(cfg: DetectorConfig):
    if cfg.head == "shared2fc":
        return ["fc2"]          # the baseline's single head: its scores and its boxes
    v = ["dh"]
    if cfg.with_fc_reg:
        v.append("fc")
    if cfg.with_conv_cls:
        v.append("conv")
    if cfg.with_fc_reg and cfg.with_conv_cls:
        v.append("dh-reverse")
    if cfg.with_conv_cls:
        v.append("dh-ext")
    return [x for x in VARIANTS if x in v]


def multiclass_nms(boxes: torch.Tensor, scores: torch.Tensor, score_thr: float, iou: float, max_num: int):
    """boxes (N, 4K) in output space, scores (N, K+1) with background last.
    Returns boxes (M,4), scores (M,), labels (M,), roi index (M,)."""
    n, k1 = scores.shape
    k = k1 - 1
    # class-agnostic regression: one box per RoI, shared by every class (mmdetection expands it)
    b = boxes.reshape(n, 1, 4).expand(n, k, 4) if boxes.shape[1] == 4 else boxes.reshape(n, k, 4)
    s = scores[:, :k]
    mask = s > score_thr
    idx = torch.nonzero(mask)                   # (roi, class) row-major
    rb, rs = b[mask], s[mask]
    labels = idx[:, 1]
    roi = idx[:, 0]
    if rb.numel() == 0:
        e = rb.new_zeros((0, 4))
        return e, rs, labels, roi
    keep = batched_nms(rb, rs, labels, iou)[:max_num]
    return rb[keep], rs[keep], labels[keep], roi[keep]


class DoubleHeadDetector(nn.Module):
    def __init__(self, cfg: DetectorConfig):
        super().__init__()
        self.cfg = cfg
        self.backbone = ResNet(cfg.depth, cfg.base_width)
        self.neck = FPN(self.backbone.out_channels, cfg.fpn_channels)
        self.rpn_head = RPNHead(cfg.fpn_channels, cfg.rpn_feat_channels, cfg.num_anchors)
        self.roi_head = RoIHead(cfg)

    # ---- pieces shared with training ----
    def features(self, x):
        return self.neck(self.backbone(x))

    def anchors(self, feats):
        c = self.cfg
        return [grid_anchors(s, c.anchor_scales, c.anchor_ratios, f.shape[-2], f.shape[-1])
                for s, f in zip(c.anchor_strides, feats)]

    def head_forward(self, feats, rois, batch_idx):
        c = self.cfg
        strides = tuple(c.anchor_strides[:4])
        if c.head == "shared2fc":       # one pooling of the original RoIs
            return self.roi_head.bbox_head(extract_rois(feats[:4], rois, batch_idx, c.roi_size, strides,
                                                        c.roi_finest_scale))
        x_cls = extract_rois(feats[:4], rois, batch_idx, c.roi_size, strides, c.roi_finest_scale)
        x_reg = extract_rois(feats[:4], rois, batch_idx, c.roi_size, strides, c.roi_finest_scale,
                             scale_factor=c.roi_scale_factor_reg)
        return self.roi_head.bbox_head(x_cls, x_reg)

    # ---- inference on one RGB uint8 image ----
    @torch.no_grad()
    def infer(self, img, proposals_orig=None, variants=None):
        """Run the full pipeline on one image (numpy HxWx3 uint8 RGB).

        proposals_orig: optional (N,4) boxes in ORIGINAL pixels; if given the RPN
        is skipped and the heads run on exactly these boxes (mapped to resized
        space by multiplying x by w_scale and y by h_scale)."""
        c = self.cfg
        x, meta = preprocess(img, c.test_scale, c.mean, c.std, c.size_divisor)
        feats = self.features(x)
        wsc, hsc = meta["scale_factor"]
        sf = torch.tensor([wsc, hsc, wsc, hsc], dtype=torch.float32)
        out = {"meta": meta}
        if proposals_orig is None:
            cls_maps, reg_maps = self.rpn_head(feats)
            boxes, obj, lvls = get_proposals([m[0] for m in cls_maps], [m[0] for m in reg_maps],
                                             self.anchors(feats), meta["img_shape"], c.rpn_nms_pre,
                                             c.rpn_max_per_img, c.rpn_nms_iou, c.rpn_target_stds)
            out.update(proposals=boxes, objectness=obj, proposal_level=lvls)
        else:
            boxes = torch.as_tensor(proposals_orig, dtype=torch.float32).reshape(-1, 4) * sf
            out.update(proposals=boxes)
        out["proposals_orig"] = boxes / sf
        hd = self.head_forward(feats, boxes, torch.zeros(len(boxes), dtype=torch.long))
        out["head_raw"] = hd
        stds = c.rcnn_target_stds
        probs = {"fc": hd["fc_cls"].softmax(-1)}
        dec = {}
        if "conv_reg" in hd:
            dec["conv"] = decode(boxes, hd["conv_reg"], stds, meta["img_shape"])
        if "conv_cls" in hd:
            probs["conv"] = hd["conv_cls"].softmax(-1)
        if "fc_reg" in hd:
            dec["fc"] = decode(boxes, hd["fc_reg"], stds, meta["img_shape"])
        out["scores"] = probs
        out["decoded"] = dec            # resized space, clipped
        sfk = sf.repeat(c.num_classes)
        dets = {}
        for v in (available_variants(c) if variants is None else variants):
            s, b = self.variant_inputs(v, probs, dec)
            dets[v] = multiclass_nms(b / (sf if b.shape[1] == 4 else sfk), s, c.rcnn_score_thr, c.rcnn_nms_iou, c.rcnn_max_per_img)
        out["detections"] = dets
        return out

    @staticmethod
    def variant_inputs(v, probs, dec):
        if v in ("fc", "fc2"):
            return probs["fc"], dec["fc"]
        if v == "conv":
            return probs["conv"], dec["conv"]
        if v == "dh":
            return probs["fc"], dec["conv"]
        if v == "dh-reverse":
            return probs["conv"], dec["fc"]
        if v == "dh-ext":
            return 1.0 - (1.0 - probs["fc"]) * (1.0 - probs["conv"]), dec["conv"]
        raise ValueError(v)
