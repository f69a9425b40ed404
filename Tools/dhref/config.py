"""Architecture and test-time settings of a Double-Head detector.

Everything here is serialised (as JSON strings) into the safetensors
__metadata__ by export.py; see Tools/README.md for the key list."""
from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import List, Tuple


@dataclass
class DetectorConfig:
    # backbone
    depth: int = 50                 # 18, 34, 50, 101
    base_width: int = 64            # stem channels and layer1 planes
    # neck
    fpn_channels: int = 256
    # rpn
    rpn_feat_channels: int = 256
    anchor_strides: List[int] = field(default_factory=lambda: [4, 8, 16, 32, 64])
    anchor_scales: List[float] = field(default_factory=lambda: [8.0])
    anchor_ratios: List[float] = field(default_factory=lambda: [0.5, 1.0, 2.0])
    # roi head: "double" (DoubleConvFCBBoxHead) or "shared2fc" (mmdetection's Faster R-CNN
    # baseline, Shared2FCBBoxHead: num_fcs shared fcs, then fc_cls and fc_reg)
    head: str = "double"
    num_classes: int = 80
    roi_size: int = 7
    roi_finest_scale: float = 56.0
    roi_scale_factor_reg: float = 1.3
    conv_out_channels: int = 1024
    fc_out_channels: int = 1024
    num_convs: int = 4
    num_fcs: int = 2
    with_conv_cls: bool = True      # Double-Head-Ext: classifier on the conv branch
    with_fc_reg: bool = True        # Double-Head-Ext: regressor on the fc branch
    reg_class_agnostic: bool = False  # one box per RoI instead of one per class
    rcnn_target_stds: List[float] = field(default_factory=lambda: [0.1, 0.1, 0.2, 0.2])
    rpn_target_stds: List[float] = field(default_factory=lambda: [1.0, 1.0, 1.0, 1.0])
    # input
    mean: List[float] = field(default_factory=lambda: [123.675, 116.28, 103.53])
    std: List[float] = field(default_factory=lambda: [58.395, 57.12, 57.375])
    test_scale: Tuple[int, int] = (1333, 800)   # (long-side cap, short-side cap)
    size_divisor: int = 32
    # test settings
    rpn_nms_pre: int = 1000
    rpn_max_per_img: int = 1000
    rpn_nms_iou: float = 0.7
    rcnn_score_thr: float = 0.05
    rcnn_nms_iou: float = 0.5
    rcnn_max_per_img: int = 100
    class_names: List[str] = field(default_factory=list)

    @property
    def num_anchors(self) -> int:
        return len(self.anchor_scales) * len(self.anchor_ratios)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["test_scale"] = list(self.test_scale)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "DetectorConfig":
        d = dict(d)
        if "test_scale" in d:
            d["test_scale"] = tuple(d["test_scale"])
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        return cls(**known)

    def to_json(self) -> str:
        return json.dumps(self.to_dict())
