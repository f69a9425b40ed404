"""What the authors' Double-Head-Ext models are: architecture widths and inference settings.

Every default is the value the authors' maskrcnn-benchmark fork uses for its released
R50-FPN / R101-FPN models (docs/AUTHORS_CHECKPOINTS.md cites the file each comes from):
configs/double_heads/*_test.yaml over maskrcnn_benchmark/config/defaults.py, with the
command-line flags of cmd_test.sh applied by tools/test_net.py."""
from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class AuthorsConfig:
    # ---- architecture (the widths can be read back from a state_dict: see from_state_dict) ----
    depth: int = 50                      # 50: blocks (3, 4, 6, 3); 101: (3, 4, 23, 3)
    stem_channels: int = 64              # MODEL.RESNETS.STEM_OUT_CHANNELS
    width_per_group: int = 64            # MODEL.RESNETS.WIDTH_PER_GROUP (NUM_GROUPS = 1)
    res2_out_channels: int = 256         # MODEL.RESNETS.RES2_OUT_CHANNELS
    stride_in_1x1: bool = True           # MODEL.RESNETS.STRIDE_IN_1X1 (MSRA style)
    fpn_channels: int = 256              # MODEL.BACKBONE.OUT_CHANNELS (--backbone-out-channels 256)
    nonlocal_out_channels: int = 1024    # NONLOCAL_OUT_CHANNELS (--nonlocal-out-channels 1024)
    nonlocal_inter_channels: int = 512   # NONLOCAL_INTER_CHANNELS (--nonlocal-inter-channels 512)
    shared_num_stack: int = 2            # NONLOCAL_SHARED_NUM_STACK (--nonlocal-shared-num-stack 2)
    cls_num_stack: int = 0               # NONLOCAL_CLS_NUM_STACK
    reg_num_stack: int = 0               # NONLOCAL_REG_NUM_STACK
    mlp_dim: int = 1024                  # ROI_BOX_HEAD.MLP_HEAD_DIM
    num_classes: int = 81                # ROI_BOX_HEAD.NUM_CLASSES, background = index 0
    cls_agnostic: bool = False           # MODEL.CLS_AGNOSTIC_BBOX_REG
    # ---- settings no tensor records (taken from cmd_test.sh / defaults.py) ----
    num_group: int = 4                   # --nonlocal-*-num-group 4: channel groups of the attention
    use_softmax: bool = False            # --nonlocal-use-softmax False: affinities divided by #positions
    conv_expand: float = 1.3             # --conv-bbox-expand 1.3 (NEIGHBOR_CONV_EXPAND)
    fc_expand: float = 1.0               # --fc-bbox-expand 1.0 (NEIGHBOR_FC_EXPAND)
    roi_expand: bool = False             # ROI_BOX_HEAD.ROI_EXPAND: output stays 7 x 7
    bn_eps: float = 1e-5                 # nn.BatchNorm2d of the head (FrozenBatchNorm2d has none)
    # ---- input ----
    min_size: int = 800                  # INPUT.MIN_SIZE_TEST
    max_size: int = 1333                 # INPUT.MAX_SIZE_TEST
    pixel_mean: tuple = (102.9801, 115.9465, 122.7717)   # BGR, 0..255
    pixel_std: tuple = (1.0, 1.0, 1.0)
    size_divisibility: int = 32          # DATALOADER.SIZE_DIVISIBILITY (test yaml)
    # ---- RPN ----
    anchor_sizes: tuple = (32, 64, 128, 256, 512)
    anchor_strides: tuple = (4, 8, 16, 32, 64)
    aspect_ratios: tuple = (0.5, 1.0, 2.0)
    pre_nms_top_n: int = 1000            # per level (PRE_NMS_TOP_N_TEST)
    post_nms_top_n: int = 1000           # per level (POST_NMS_TOP_N_TEST)
    fpn_post_nms_top_n: int = 1000       # per image at test time (FPN_POST_NMS_TOP_N_TEST)
    rpn_nms: float = 0.7
    rpn_min_size: float = 0.0
    # ---- RoI head ----
    pooler_resolution: int = 7
    pooler_scales: tuple = (0.25, 0.125, 0.0625, 0.03125)
    sampling_ratio: int = 2
    canonical_scale: float = 224.0
    canonical_level: int = 4
    level_eps: float = 1e-6
    bbox_reg_weights: tuple = (10.0, 10.0, 5.0, 5.0)
    score_thresh: float = 0.05
    nms: float = 0.5
    detections_per_img: int = 100
    class_names: list = field(default_factory=list)

    @property
    def stage_blocks(self):
        return {50: (3, 4, 6, 3), 101: (3, 4, 23, 3), 152: (3, 8, 36, 3)}[self.depth]

    @classmethod
    def from_state_dict(cls, sd: dict, **overrides) -> "AuthorsConfig":
        """The widths, depth and class count a state_dict (without the "module." prefix) holds.
        The settings no tensor records (groups, expansion factors, thresholds) keep their
        defaults unless given in overrides."""
        blocks3 = 1 + max(int(k.split(".")[3]) for k in sd if k.startswith("backbone.body.layer3."))
        depth = {6: 50, 23: 101, 36: 152}[blocks3]
        fe = "roi_heads.box.feature_extractor."
        pr = "roi_heads.box.predictor."

        def stack(name):
            idx = {int(k[len(fe + name) + 1:].split(".")[0]) for k in sd if k.startswith(fe + name + ".")}
            return 1 + max(idx) if idx else 0

        inter = sd[fe + "shared_nonlocal.0.g.weight"].shape[0] if stack("shared_nonlocal") else \
            cls.nonlocal_inter_channels
        k1 = sd[pr + "cls_score.weight"].shape[0]
        args = dict(depth=depth,
                    stem_channels=sd["backbone.body.stem.conv1.weight"].shape[0],
                    width_per_group=sd["backbone.body.layer1.0.conv1.weight"].shape[0],
                    res2_out_channels=sd["backbone.body.layer1.0.conv3.weight"].shape[0],
                    fpn_channels=sd["backbone.fpn.fpn_inner1.weight"].shape[0],
                    nonlocal_out_channels=sd[fe + "nonlocal_conv.top.0.weight"].shape[0],
                    nonlocal_inter_channels=inter,
                    shared_num_stack=stack("shared_nonlocal"), cls_num_stack=stack("cls_nonlocal"),
                    reg_num_stack=stack("reg_nonlocal"),
                    mlp_dim=sd[fe + "fc6.weight"].shape[0], num_classes=k1,
                    cls_agnostic=sd[pr + "bbox_pred.weight"].shape[0] == 8 and k1 != 2)
        args.update(overrides)
        return cls(**args)
