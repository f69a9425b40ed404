"""Training-time target assignment, sampling and losses (mmdetection v2 semantics:
MaxIoUAssigner + RandomSampler, DeltaXYWH targets, background = last class)."""
from __future__ import annotations

import torch
import torch.nn.functional as F

from .boxes import box_iou, encode
from .rpn import flatten_level, get_proposals


def max_iou_assign(ious: torch.Tensor, pos_thr: float, neg_thr: float, min_pos_iou: float,
                   match_low_quality: bool) -> torch.Tensor:
    """ious (G, N). Returns (N,) long: -1 ignore, 0 negative, g+1 positive for gt g."""
    g, n = ious.shape
    assigned = torch.full((n,), -1, dtype=torch.long)
    if g == 0:
        assigned[:] = 0
        return assigned
    max_ov, argmax = ious.max(0)
    assigned[(max_ov >= 0) & (max_ov < neg_thr)] = 0
    pos = max_ov >= pos_thr
    assigned[pos] = argmax[pos] + 1
    if match_low_quality:
        gt_max = ious.max(1).values
        for i in range(g):
            if gt_max[i] >= min_pos_iou:
                assigned[ious[i] == gt_max[i]] = i + 1
    return assigned


def random_sample(assigned: torch.Tensor, num: int, pos_fraction: float, gen: torch.Generator):
    pos = torch.nonzero(assigned > 0).flatten()
    neg = torch.nonzero(assigned == 0).flatten()
    n_pos = min(int(num * pos_fraction), pos.numel())
    pos = pos[torch.randperm(pos.numel(), generator=gen)[:n_pos]]
    n_neg = min(num - n_pos, neg.numel())
    neg = neg[torch.randperm(neg.numel(), generator=gen)[:n_neg]]
    return pos, neg


def rcnn_samples(model, cls_maps, reg_maps, anchors_lvl, img_shape, gt_boxes, gt_labels, gen: torch.Generator,
                 tc: dict):
    """The RoI head's training RoIs: the RPN's proposals (no gradient) plus the ground truth,
    assigned (IoU 0.5) and sampled (25 % positive). Returns rois, batch indices, labels
    (background = num_classes), regression targets and the positive flags."""
    cfg = model.cfg
    b = len(gt_boxes)
    rois, bidx, labels, tgt, pos_flags = [], [], [], [], []
    with torch.no_grad():
        for i in range(b):
            props, _, _ = get_proposals([c[i].detach() for c in cls_maps], [r[i].detach() for r in reg_maps],
                                        anchors_lvl, img_shape, tc["train_nms_pre"], tc["train_max_per_img"],
                                        0.7, cfg.rpn_target_stds)
            props = torch.cat([gt_boxes[i], props])
            assigned = max_iou_assign(box_iou(gt_boxes[i], props), 0.5, 0.5, 0.5, False)
            pos, neg = random_sample(assigned, tc["rcnn_num"], 0.25, gen)
            idx = torch.cat([pos, neg])
            rois.append(props[idx])
            bidx.append(torch.full((len(idx),), i, dtype=torch.long))
            lab = torch.full((len(idx),), cfg.num_classes, dtype=torch.long)
            t = torch.zeros(len(idx), 4)
            if len(pos):
                gi = assigned[pos] - 1
                lab[:len(pos)] = gt_labels[i][gi]
                t[:len(pos)] = encode(props[pos], gt_boxes[i][gi], cfg.rcnn_target_stds)
            labels.append(lab)
            tgt.append(t)
            pos_flags.append(torch.arange(len(idx)) < len(pos))
    rois, bidx, labels = torch.cat(rois), torch.cat(bidx), torch.cat(labels)
    tgt, pos_flags = torch.cat(tgt), torch.cat(pos_flags)
    return rois, bidx, labels, tgt, pos_flags


def detector_losses(model, images, gt_boxes, gt_labels, gen: torch.Generator, tc: dict):
    """images (B,3,H,W) normalised; gt_boxes list of (G,4) x1y1x2y2; gt_labels list of (G,)
    in 0..K-1. Returns dict of scalar losses (unweighted) and some statistics."""
    cfg = model.cfg
    b = images.shape[0]
    img_shape = tuple(images.shape[-2:])
    feats = model.features(images)
    cls_maps, reg_maps = model.rpn_head(feats)
    anchors_lvl = model.anchors(feats)
    anchors = torch.cat(anchors_lvl)
    # ---------------- RPN
    rpn_logits, rpn_deltas, rpn_lbl, rpn_tgt, rpn_pos_mask = [], [], [], [], []
    for i in range(b):
        lg, dl = zip(*[flatten_level(c[i], r[i]) for c, r in zip(cls_maps, reg_maps)])
        lg, dl = torch.cat(lg), torch.cat(dl)
        assigned = max_iou_assign(box_iou(gt_boxes[i], anchors), 0.7, 0.3, 0.3, True)
        pos, neg = random_sample(assigned, tc["rpn_num"], 0.5, gen)
        idx = torch.cat([pos, neg])
        rpn_logits.append(lg[idx])
        rpn_lbl.append(torch.cat([torch.ones(len(pos)), torch.zeros(len(neg))]))
        if len(pos):
            rpn_deltas.append(dl[pos])
            rpn_tgt.append(encode(anchors[pos], gt_boxes[i][assigned[pos] - 1], cfg.rpn_target_stds))
    n_rpn = sum(len(x) for x in rpn_lbl)
    loss_rpn_cls = F.binary_cross_entropy_with_logits(torch.cat(rpn_logits), torch.cat(rpn_lbl),
                                                      reduction="sum") / max(n_rpn, 1)
    if rpn_deltas:
        loss_rpn_reg = (torch.cat(rpn_deltas) - torch.cat(rpn_tgt)).abs().sum() / max(n_rpn, 1)
    else:
        loss_rpn_reg = images.sum() * 0
    rois, bidx, labels, tgt, pos_flags = rcnn_samples(model, cls_maps, reg_maps, anchors_lvl, img_shape,
                                                      gt_boxes, gt_labels, gen, tc)
    losses, stats = head_losses(model, feats, rois, bidx, labels, tgt, pos_flags)
    losses.update(rpn_cls=loss_rpn_cls, rpn_reg=loss_rpn_reg)
    stats["num_pos"] /= b
    return losses, stats


def head_losses(model, feats, rois, bidx, labels, tgt, pos_flags):
    """The RoI head's losses on sampled RoIs: cross-entropy for each classifier, L1 on the
    ground-truth class's deltas of positives (averaged over all sampled RoIs, as mmdetection)
    for each regressor, named by the head's outputs (fc_cls, fc_reg, conv_cls, conv_reg)."""
    out = model.head_forward(feats, rois, bidx)
    n = len(rois)
    pos_idx = torch.nonzero(pos_flags).flatten()
    pos_lab = labels[pos_idx]

    def reg_loss(deltas):
        if len(pos_idx) == 0:
            return deltas.sum() * 0
        per_class = deltas[pos_idx].reshape(len(pos_idx), -1, 4)
        d = per_class[torch.arange(len(pos_idx)), pos_lab if per_class.shape[1] > 1 else 0]
        return (d - tgt[pos_idx]).abs().sum() / n

    losses = {"fc_cls": F.cross_entropy(out["fc_cls"], labels)}
    if "conv_reg" in out:
        losses["conv_reg"] = reg_loss(out["conv_reg"])
    if "conv_cls" in out:
        losses["conv_cls"] = F.cross_entropy(out["conv_cls"], labels)
    if "fc_reg" in out:
        losses["fc_reg"] = reg_loss(out["fc_reg"])
    with torch.no_grad():
        stats = {"fc_acc": (out["fc_cls"].argmax(1) == labels).float().mean().item(), "num_pos": len(pos_idx)}
    return losses, stats
