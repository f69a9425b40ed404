"""The maskrcnn-benchmark reference (dhref_mrcnnb): its +1 box rules on hand-computed cases, the
anchors against Faster R-CNN's published table, the grouped non-local block against the same
attention written per group, and the committed fixture against a fresh run."""
import json
import math
import os

import pytest
import torch
from PIL import Image

from dhref_mrcnnb import AuthorsConfig, AuthorsDoubleHead, load_checkpoint
from dhref_mrcnnb.boxes import cell_anchors, decode, expand, map_levels, nms
from dhref_mrcnnb.dump import dump
from dhref_mrcnnb.inference import resized_size
from dhref_mrcnnb.model import GroupNonLocal

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIXTURES = os.path.join(REPO, "Tests", "Fixtures", "authors")


def test_anchors_match_faster_rcnn_table():
    # The nine anchors of Faster R-CNN's MATLAB code (stride 16, sizes 128, 256, 512), ratio by ratio;
    # MATLAB counts pixels from 1, the Python ports from 0: the same boxes one pixel up and left.
    table = [[-83, -39, 100, 56], [-175, -87, 192, 104], [-359, -183, 376, 200],
             [-55, -55, 72, 72], [-119, -119, 136, 136], [-247, -247, 264, 264],
             [-35, -79, 52, 96], [-79, -167, 96, 184], [-167, -343, 184, 360]]
    got = torch.stack([cell_anchors(16, s, (0.5, 1.0, 2.0)) for s in (128, 256, 512)], 1).reshape(-1, 4)
    assert got.tolist() == [[v - 1 for v in row] for row in table]


def test_anchor_height_rounds_half_to_even():
    # stride 32, ratio 0.5: w = round(sqrt(2048)) = 45, h = round(22.5) = 22 (not 23), times 256 / 32
    a = cell_anchors(32, 256, (0.5,))[0]
    assert (a[2] - a[0] + 1).item() == 45 * 8 and (a[3] - a[1] + 1).item() == 22 * 8


def test_decode_plus_one():
    box = torch.tensor([[10.0, 20.0, 29.0, 59.0]])        # w 20, h 40, centre (20, 40)
    assert decode(torch.zeros(1, 4), box, (10.0, 10.0, 5.0, 5.0)).tolist() == [[10.0, 20.0, 29.0, 59.0]]
    d = torch.tensor([[10.0, -5.0, 0.5, -1.0]])           # dx 1, dy -0.5, dw 0.1, dh -0.2
    w, h = 20 * math.exp(0.1), 40 * math.exp(-0.2)
    cx, cy = 20 + 20, 40 - 20
    exp = [cx - w / 2, cy - h / 2, cx + w / 2 - 1, cy + h / 2 - 1]
    assert decode(d, box, (10.0, 10.0, 5.0, 5.0))[0].tolist() == pytest.approx(exp, rel=1e-6)
    big = decode(torch.tensor([[0.0, 0.0, 100.0, -100.0]]), box, (1.0, 1.0, 1.0, 1.0))[0]
    assert (big[2] - big[0] + 1).item() == pytest.approx(20 * 1000 / 16, rel=1e-5)   # clamped above
    assert (big[3] - big[1] + 1).item() == pytest.approx(40 * math.exp(-100), abs=1e-6)  # not below


def test_expand_about_plus_one_centre():
    box = torch.tensor([[10.0, 20.0, 29.0, 59.0]])        # w 20, h 40, centre (20, 40)
    assert expand(box, 1.0).tolist() == box.tolist()
    assert expand(box, 1.3)[0].tolist() == pytest.approx([20 - 13, 40 - 26, 20 + 13 - 1, 40 + 26 - 1])


def test_levels_use_plus_one_area():
    boxes = torch.tensor([[0.0, 0.0, 223.0, 223.0],      # sqrt = 224 -> level 4 -> index 2
                          [0.0, 0.0, 222.0, 222.0],      # 223 -> level 3
                          [0.0, 0.0, 111.0, 111.0],      # 112 -> level 3 -> index 1
                          [0.0, 0.0, 5.0, 5.0],          # clamped to P2
                          [0.0, 0.0, 2000.0, 2000.0]])   # clamped to P5
    assert map_levels(boxes).tolist() == [2, 1, 1, 0, 3]


def test_resize_truncates_long_side():
    assert resized_size(451, 300, 800, 1333) == (1202, 800)     # mmdetection would give 1203
    assert resized_size(300, 451, 800, 1333) == (800, 1202)
    assert resized_size(2000, 500, 800, 1333) == (1332, 333)    # short side round(333.25)
    assert resized_size(1200, 800, 800, 1333) == (1200, 800)    # already there: unchanged


def test_nms_keeps_iou_equal_to_threshold_and_index_order():
    boxes = torch.tensor([[0.0, 0.0, 9.0, 19.0],              # area 200 (+1)
                          [0.0, 10.0, 9.0, 19.0],             # area 100, IoU 0.5 with row 0, 0.45 with row 2
                          [0.0, 0.0, 9.0, 18.0]])             # IoU 190 / 200 with row 0
    scores = torch.tensor([0.5, 0.4, 0.9])
    assert nms(boxes, scores, 0.5).tolist() == [1, 2]          # row 0 goes (0.95 > 0.5), row 1 stays
    assert nms(boxes[:2], scores[:2], 0.5).tolist() == [0, 1]  # exactly 0.5 is not > 0.5


def test_group_non_local_is_attention_per_channel_block():
    torch.manual_seed(3)
    blk = GroupNonLocal(8, 4, 2, False, 1e-5).eval()
    for m in blk.modules():
        if isinstance(m, torch.nn.BatchNorm2d):
            m.running_mean.uniform_(-0.5, 0.5)
            m.running_var.uniform_(0.5, 1.5)
    x = torch.randn(3, 8, 7, 7)
    with torch.no_grad():
        g, t, p = blk.g(x).flatten(2), blk.theta(x).flatten(2), blk.phi(x).flatten(2)   # n, 4, 49
        parts = []
        for k in range(2):
            sl = slice(2 * k, 2 * k + 2)
            f = torch.einsum("ncp,ncq->npq", t[:, sl], p[:, sl]) / 49.0
            parts.append(torch.einsum("npq,ncq->ncp", f, g[:, sl]))
        y = torch.cat(parts, 1).reshape(3, 4, 7, 7)
        z = torch.relu(blk.W(y) + x)
        expected = torch.relu(z + blk.ffconv.bottleneck(z))
        assert torch.allclose(blk(x), expected, atol=1e-5)


def test_full_size_state_dict_counts():
    assert len(AuthorsDoubleHead(AuthorsConfig()).state_dict()) == 384
    assert len(AuthorsDoubleHead(AuthorsConfig(depth=101)).state_dict()) == 639


def test_committed_fixture_reproduces():
    path = os.path.join(FIXTURES, "authors-dh-ext-reference.json")
    with open(path) as f:
        ref = json.load(f)
    model = load_checkpoint(os.path.join(FIXTURES, "authors-dh-ext.pth"))
    model.cfg.class_names = ref["class_names"]
    img = Image.open(os.path.join(REPO, ref["image"])).convert("RGB")
    d = json.loads(json.dumps(dump(model, img, ref["image"], roi_subset=50)))
    assert d["rois"]["indices"] == ref["rois"]["indices"]
    assert torch.allclose(torch.tensor(d["proposals"]["boxes_resized"]), torch.tensor(ref["proposals"]["boxes_resized"]))
    for v, rows in ref["detections"].items():
        assert [(r["label"], r["roi"]) for r in d["detections"][v]] == [(r["label"], r["roi"]) for r in rows]
        assert [r["score"] for r in d["detections"][v]] == pytest.approx([r["score"] for r in rows], abs=1e-6)
