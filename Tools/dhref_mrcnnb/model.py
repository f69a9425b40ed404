"""The authors' Double-Head-Ext network with their module names, so that their state_dict
(after the "module." prefix is stripped) loads with strict=True.

Names and the forward pass follow wuyuebupt/doubleheadsrcnn: modeling/backbone/{resnet,fpn,
backbone}.py, modeling/rpn/{rpn,anchor_generator}.py, modeling/roi_heads/box_head/
{roi_box_feature_extractors,roi_box_predictors,attention}.py. Written for dhscope; only the
released configuration is built (the options cmd_test.sh leaves at True/False are fixed)."""
from __future__ import annotations

from collections import OrderedDict

import torch
import torch.nn as nn
import torch.nn.functional as F

from .boxes import cell_anchors
from .config import AuthorsConfig


class FrozenBatchNorm2d(nn.Module):
    """maskrcnn-benchmark's: four buffers, and NO epsilon: y = x * w / sqrt(var) + (b - mean * w / sqrt(var))."""

    def __init__(self, n):
        super().__init__()
        for name, v in (("weight", 1.0), ("bias", 0.0), ("running_mean", 0.0), ("running_var", 1.0)):
            self.register_buffer(name, torch.full((n,), v))

    def forward(self, x):
        scale = self.weight * self.running_var.rsqrt()
        shift = self.bias - self.running_mean * scale
        return x * scale[None, :, None, None] + shift[None, :, None, None]


class Bottleneck(nn.Module):
    """conv1 1x1 (carries the stride when stride_in_1x1), conv2 3x3, conv3 1x1, no biases;
    a projection shortcut wherever the channel count changes."""

    def __init__(self, cin, mid, cout, stride, stride_in_1x1):
        super().__init__()
        s1, s3 = (stride, 1) if stride_in_1x1 else (1, stride)
        if cin != cout:
            self.downsample = nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), FrozenBatchNorm2d(cout))
        else:
            self.downsample = None
        self.conv1 = nn.Conv2d(cin, mid, 1, stride=s1, bias=False)
        self.bn1 = FrozenBatchNorm2d(mid)
        self.conv2 = nn.Conv2d(mid, mid, 3, stride=s3, padding=1, bias=False)
        self.bn2 = FrozenBatchNorm2d(mid)
        self.conv3 = nn.Conv2d(mid, cout, 1, bias=False)
        self.bn3 = FrozenBatchNorm2d(cout)

    def forward(self, x):
        y = F.relu(self.bn1(self.conv1(x)))
        y = F.relu(self.bn2(self.conv2(y)))
        y = self.bn3(self.conv3(y))
        return F.relu(y + (x if self.downsample is None else self.downsample(x)))


class Stem(nn.Module):
    def __init__(self, cout):
        super().__init__()
        self.conv1 = nn.Conv2d(3, cout, 7, stride=2, padding=3, bias=False)
        self.bn1 = FrozenBatchNorm2d(cout)

    def forward(self, x):
        return F.max_pool2d(F.relu(self.bn1(self.conv1(x))), kernel_size=3, stride=2, padding=1)


class ResNetBody(nn.Module):
    """stem, layer1..layer4; returns C2..C5."""

    def __init__(self, c: AuthorsConfig):
        super().__init__()
        self.stem = Stem(c.stem_channels)
        cin = c.stem_channels
        for i, n in enumerate(c.stage_blocks):
            mid, cout = c.width_per_group * 2 ** i, c.res2_out_channels * 2 ** i
            blocks = []
            for b in range(n):
                blocks.append(Bottleneck(cin, mid, cout, (2 if i > 0 else 1) if b == 0 else 1, c.stride_in_1x1))
                cin = cout
            self.add_module(f"layer{i + 1}", nn.Sequential(*blocks))

    def forward(self, x):
        x = self.stem(x)
        outs = []
        for i in range(4):
            x = getattr(self, f"layer{i + 1}")(x)
            outs.append(x)
        return outs


class FPN(nn.Module):
    """fpn_inner{1..4} (1x1) and fpn_layer{1..4} (3x3), both with biases, no norm or ReLU; the top-down
    path upsamples by nearest x2; P6 = max_pool2d(P5, kernel 1, stride 2)."""

    def __init__(self, c: AuthorsConfig):
        super().__init__()
        for i in range(4):
            self.add_module(f"fpn_inner{i + 1}", nn.Conv2d(c.res2_out_channels * 2 ** i, c.fpn_channels, 1))
            self.add_module(f"fpn_layer{i + 1}", nn.Conv2d(c.fpn_channels, c.fpn_channels, 3, padding=1))

    def forward(self, feats):
        inner = self.fpn_inner4(feats[3])
        outs = [self.fpn_layer4(inner)]
        for i in (2, 1, 0):
            inner = getattr(self, f"fpn_inner{i + 1}")(feats[i]) + F.interpolate(inner, scale_factor=2, mode="nearest")
            outs.insert(0, getattr(self, f"fpn_layer{i + 1}")(inner))
        outs.append(F.max_pool2d(outs[-1], 1, 2, 0))
        return outs


class CellAnchors(nn.Module):
    """The anchors of each level at cell (0, 0), stored as buffers "0".."4": they are in the
    state_dict (rpn.anchor_generator.cell_anchors.N, A x 4 float32)."""

    def __init__(self, c: AuthorsConfig):
        super().__init__()
        for i, (s, size) in enumerate(zip(c.anchor_strides, c.anchor_sizes)):
            self.register_buffer(str(i), cell_anchors(s, size, c.aspect_ratios))

    def levels(self):
        return [getattr(self, str(i)) for i in range(len(self._buffers))]


class AnchorGenerator(nn.Module):
    def __init__(self, c: AuthorsConfig):
        super().__init__()
        self.cell_anchors = CellAnchors(c)


class RPNHead(nn.Module):
    def __init__(self, ch, a):
        super().__init__()
        self.conv = nn.Conv2d(ch, ch, 3, padding=1)
        self.cls_logits = nn.Conv2d(ch, a, 1)
        self.bbox_pred = nn.Conv2d(ch, a * 4, 1)

    def forward(self, feats):
        hidden = [F.relu(self.conv(f)) for f in feats]
        return [self.cls_logits(h) for h in hidden], [self.bbox_pred(h) for h in hidden]


class RPN(nn.Module):
    def __init__(self, c: AuthorsConfig):
        super().__init__()
        self.anchor_generator = AnchorGenerator(c)
        self.head = RPNHead(c.fpn_channels, len(c.aspect_ratios))


class FPNUpChannels(nn.Module):
    """relu(top(x) + bottom(x)): top = 1x1 conv + BN to `cout`; bottom = 3x3 conv + BN + ReLU, 1x1 conv + BN.
    Convs without bias, nn.BatchNorm2d (running statistics at test time)."""

    def __init__(self, cin, cout, eps):
        super().__init__()
        self.top = nn.Sequential(nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout, eps=eps))
        self.bottom = nn.Sequential(nn.Conv2d(cin, cin, 3, padding=1, bias=False), nn.BatchNorm2d(cin, eps=eps),
                                    nn.ReLU(), nn.Conv2d(cin, cout, 1, bias=False), nn.BatchNorm2d(cout, eps=eps))

    def forward(self, x):
        return F.relu(self.top(x) + self.bottom(x))


class FFConv(nn.Module):
    """relu(x + bottleneck(x)); bottleneck: 1x1 to C/4, BN, ReLU, 3x3, BN, ReLU, 1x1 to C, BN."""

    def __init__(self, ch, eps):
        super().__init__()
        q = ch // 4
        self.bottleneck = nn.Sequential(
            nn.Conv2d(ch, q, 1, bias=False), nn.BatchNorm2d(q, eps=eps), nn.ReLU(),
            nn.Conv2d(q, q, 3, padding=1, bias=False), nn.BatchNorm2d(q, eps=eps), nn.ReLU(),
            nn.Conv2d(q, ch, 1, bias=False), nn.BatchNorm2d(ch, eps=eps))

    def forward(self, x):
        return F.relu(x + self.bottleneck(x))


class GroupNonLocal(nn.Module):
    """NONLocalBlock2D_Group as released (attention, BN, ReLU and ffconv on; softmax off).

    g, theta, phi: 1x1 convs (with bias) to `inter` channels, split into `groups` consecutive
    channel blocks. Per block, over the P = H * W positions: f = theta^T phi (P x P), divided by P
    (or a softmax over the last axis when use_softmax), y = f g. The blocks are concatenated
    back in order, W (1x1 conv with bias, then BN) maps them to C, z = relu(x + W(y)), and the
    output is ffconv(z)."""

    def __init__(self, ch, inter, groups, use_softmax, eps):
        super().__init__()
        assert inter % groups == 0
        self.inter, self.groups, self.use_softmax = inter, groups, use_softmax
        self.g = nn.Conv2d(ch, inter, 1)
        self.theta = nn.Conv2d(ch, inter, 1)
        self.phi = nn.Conv2d(ch, inter, 1)
        self.W = nn.Sequential(OrderedDict([("0", nn.Conv2d(inter, ch, 1)), ("bn", nn.BatchNorm2d(ch, eps=eps))]))
        self.ffconv = FFConv(ch, eps)

    def forward(self, x):
        n, _, h, w = x.shape
        p = h * w
        cg = self.inter // self.groups
        g = self.g(x).reshape(n, self.groups, cg, p)
        t = self.theta(x).reshape(n, self.groups, cg, p)
        ph = self.phi(x).reshape(n, self.groups, cg, p)
        f = torch.matmul(t.transpose(2, 3), ph)               # n, G, P, P
        f = f.softmax(-1) if self.use_softmax else f / p
        y = torch.matmul(f, g.transpose(2, 3))                 # n, G, P, cg
        y = y.transpose(2, 3).reshape(n, self.inter, h, w)
        z = F.relu(self.W(y) + x)
        return self.ffconv(z)


class Stack(nn.Module):
    """The authors' ListModule: children named "0", "1", ..."""

    def __init__(self, blocks):
        super().__init__()
        for i, b in enumerate(blocks):
            self.add_module(str(i), b)

    def forward(self, x):
        for b in self._modules.values():
            x = b(x)
        return x


class FeatureExtractor(nn.Module):
    """FPN2MLPFeatureExtractorNeighbor's tensors (the poolers hold none; see inference.pool)."""

    def __init__(self, c: AuthorsConfig):
        super().__init__()
        out = c.nonlocal_out_channels

        def blocks(n):
            return Stack([GroupNonLocal(out, c.nonlocal_inter_channels, c.num_group, c.use_softmax, c.bn_eps)
                          for _ in range(n)])

        self.nonlocal_conv = FPNUpChannels(c.fpn_channels, out, c.bn_eps)
        self.shared_nonlocal = blocks(c.shared_num_stack)
        self.cls_nonlocal = blocks(c.cls_num_stack)
        self.reg_nonlocal = blocks(c.reg_num_stack)
        self.fc6 = nn.Linear(c.fpn_channels * c.pooler_resolution ** 2, c.mlp_dim)
        self.fc7 = nn.Linear(c.mlp_dim, c.mlp_dim)

    def forward(self, x_conv, x_fc):
        """x_conv: RoIs pooled from the expanded boxes; x_fc: from the boxes as given.
        Returns (conv-cls features, conv-reg features, fc features)."""
        x = self.shared_nonlocal(self.nonlocal_conv(x_conv))
        x_cls = self.cls_nonlocal(x).mean(dim=(2, 3))          # AvgPool2d(7, 7) on a 7 x 7 map
        x_reg = self.reg_nonlocal(x).mean(dim=(2, 3))
        y = F.relu(self.fc6(x_fc.flatten(1)))
        y = F.relu(self.fc7(y))
        return x_cls, x_reg, y


class Predictor(nn.Module):
    """FPNPredictorNeighbor: cls_score / bbox_pred on the conv features, cls_score_fc / bbox_pred_fc on fc7."""

    def __init__(self, c: AuthorsConfig):
        super().__init__()
        reg = 2 if c.cls_agnostic else c.num_classes
        self.cls_score = nn.Linear(c.nonlocal_out_channels, c.num_classes)
        self.bbox_pred = nn.Linear(c.nonlocal_out_channels, reg * 4)
        self.cls_score_fc = nn.Linear(c.mlp_dim, c.num_classes)
        self.bbox_pred_fc = nn.Linear(c.mlp_dim, reg * 4)

    def forward(self, feats):
        x_cls, x_reg, y = feats
        return self.cls_score(x_cls), self.bbox_pred(x_reg), self.cls_score_fc(y), self.bbox_pred_fc(y)


class BoxHead(nn.Module):
    def __init__(self, c: AuthorsConfig):
        super().__init__()
        self.feature_extractor = FeatureExtractor(c)
        self.predictor = Predictor(c)


class AuthorsDoubleHead(nn.Module):
    """backbone (body + fpn), rpn, roi_heads.box: the names of GeneralizedRCNN."""

    def __init__(self, c: AuthorsConfig):
        super().__init__()
        self.cfg = c
        self.backbone = nn.Sequential(OrderedDict([("body", ResNetBody(c)), ("fpn", FPN(c))]))
        self.rpn = RPN(c)
        self.roi_heads = nn.ModuleDict({"box": BoxHead(c)})
