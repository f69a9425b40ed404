"""RoI feature extraction and DoubleConvFCBBoxHead (+ Double-Head-Ext outputs)."""
from __future__ import annotations

import math

import torch
import torch.nn as nn
import torch.nn.functional as F
from torchvision.ops import roi_align

from .backbone import Bottleneck


def map_roi_levels(rois: torch.Tensor, num_levels: int = 4, finest_scale: float = 56.0) -> torch.Tensor:
    """rois (N,4) x1y1x2y2 -> level index (0 = P2)."""
    scale = torch.sqrt((rois[:, 2] - rois[:, 0]) * (rois[:, 3] - rois[:, 1]))
    lvl = torch.floor(torch.log2(scale / finest_scale + 1e-6))
    return lvl.clamp(min=0, max=num_levels - 1).long()


def rescale_rois(rois: torch.Tensor, factor: float) -> torch.Tensor:
    cx = (rois[:, 0] + rois[:, 2]) * 0.5
    cy = (rois[:, 1] + rois[:, 3]) * 0.5
    w = (rois[:, 2] - rois[:, 0]) * factor
    h = (rois[:, 3] - rois[:, 1]) * factor
    return torch.stack([cx - 0.5 * w, cy - 0.5 * h, cx + 0.5 * w, cy + 0.5 * h], -1)


def extract_rois(feats, rois: torch.Tensor, batch_idx: torch.Tensor, out_size=7, strides=(4, 8, 16, 32),
                 finest_scale=56.0, scale_factor=None) -> torch.Tensor:
    """SingleRoIExtractor: level from the original box, then optional enlargement,
    then torchvision roi_align(aligned=True, sampling_ratio=0) on that level."""
    lvls = map_roi_levels(rois, len(strides), finest_scale)
    boxes = rois if scale_factor is None else rescale_rois(rois, scale_factor)
    c = feats[0].shape[1]
    out = feats[0].new_zeros(rois.shape[0], c, out_size, out_size)
    for l, s in enumerate(strides):
        idx = torch.nonzero(lvls == l).flatten()
        if idx.numel() == 0:
            continue
        r = torch.cat([batch_idx[idx, None].to(boxes.dtype), boxes[idx]], 1)
        out[idx] = roi_align(feats[l], r, (out_size, out_size), spatial_scale=1.0 / s,
                             sampling_ratio=0, aligned=True)
    return out


class ConvBN(nn.Module):
    """mmcv ConvModule(conv no bias, BN): keys '.conv.weight' and '.bn.*'."""

    def __init__(self, cin, cout, k, relu):
        super().__init__()
        self.conv = nn.Conv2d(cin, cout, k, 1, k // 2, bias=False)
        self.bn = nn.BatchNorm2d(cout)
        self.relu = relu

    def forward(self, x):
        x = self.bn(self.conv(x))
        return F.relu(x) if self.relu else x


class BasicResBlock(nn.Module):
    def __init__(self, cin, cout):
        super().__init__()
        self.conv1 = ConvBN(cin, cin, 3, True)
        self.conv2 = ConvBN(cin, cout, 1, False)
        self.conv_identity = ConvBN(cin, cout, 1, False)

    def forward(self, x):
        return F.relu(self.conv2(self.conv1(x)) + self.conv_identity(x))


class DoubleConvFCBBoxHead(nn.Module):
    def __init__(self, in_channels=256, roi_size=7, num_classes=80, conv_out_channels=1024,
                 fc_out_channels=1024, num_convs=4, num_fcs=2, with_conv_cls=True, with_fc_reg=True):
        super().__init__()
        self.num_classes = num_classes
        self.res_block = BasicResBlock(in_channels, conv_out_channels)
        self.conv_branch = nn.ModuleList([Bottleneck(conv_out_channels, conv_out_channels // 4)
                                          for _ in range(num_convs)])
        fcs = []
        cin = in_channels * roi_size * roi_size
        for _ in range(num_fcs):
            fcs.append(nn.Linear(cin, fc_out_channels))
            cin = fc_out_channels
        self.fc_branch = nn.ModuleList(fcs)
        self.fc_cls = nn.Linear(fc_out_channels, num_classes + 1)
        self.fc_reg = nn.Linear(conv_out_channels, 4 * num_classes)
        self.conv_cls = nn.Linear(conv_out_channels, num_classes + 1) if with_conv_cls else None
        self.fc_reg_fc = nn.Linear(fc_out_channels, 4 * num_classes) if with_fc_reg else None

    def forward(self, x_cls, x_reg):
        """Returns dict with fc_cls (N,K+1), conv_reg (N,4K) and, for Ext,
        conv_cls (N,K+1) and fc_reg (N,4K). Logits / raw deltas."""
        x = self.res_block(x_reg)
        for b in self.conv_branch:
            x = b(x)
        x = F.adaptive_avg_pool2d(x, 1).flatten(1)
        y = x_cls.flatten(1)
        for fc in self.fc_branch:
            y = F.relu(fc(y))
        out = {"fc_cls": self.fc_cls(y), "conv_reg": self.fc_reg(x)}
        if self.conv_cls is not None:
            out["conv_cls"] = self.conv_cls(x)
        if self.fc_reg_fc is not None:
            out["fc_reg"] = self.fc_reg_fc(y)
        return out


class Shared2FCBBoxHead(nn.Module):
    """mmdetection's Faster R-CNN baseline head (ConvFCBBoxHead with num_shared_fcs=2 and no
    convs): flatten the pooled RoI, num_fcs Linear + ReLU ('shared_fcs.N'), then fc_cls
    (K+1 logits, background last) and fc_reg (4K deltas, or 4 when class-agnostic) on the
    same features. State_dict keys: shared_fcs.{i}.*, fc_cls.*, fc_reg.*."""

    def __init__(self, in_channels=256, roi_size=7, num_classes=80, fc_out_channels=1024, num_fcs=2,
                 reg_class_agnostic=False):
        super().__init__()
        fcs = []
        cin = in_channels * roi_size * roi_size
        for _ in range(num_fcs):
            fcs.append(nn.Linear(cin, fc_out_channels))
            cin = fc_out_channels
        self.shared_fcs = nn.ModuleList(fcs)
        self.fc_cls = nn.Linear(cin, num_classes + 1)
        self.fc_reg = nn.Linear(cin, 4 if reg_class_agnostic else 4 * num_classes)

    def forward(self, x):
        """Returns dict with fc_cls (N,K+1) logits and fc_reg (N,4K or N,4) raw deltas."""
        y = x.flatten(1)
        for fc in self.shared_fcs:
            y = F.relu(fc(y))
        return {"fc_cls": self.fc_cls(y), "fc_reg": self.fc_reg(y)}
