"""Box coding, IoU, NMS, anchors and RoI level mapping: hand-computed cases and torchvision."""
import math

import pytest
import torch
import torchvision

from dhref.boxes import MAX_RATIO, box_iou, decode, encode, nms_reference
from dhref.head import map_roi_levels, rescale_rois
from dhref.rpn import base_anchors, grid_anchors

RCNN = (0.1, 0.1, 0.2, 0.2)


def test_encode_hand():
    p = torch.tensor([[10.0, 20.0, 30.0, 60.0]])   # cx 20 cy 40 w 20 h 40
    g = torch.tensor([[12.0, 18.0, 36.0, 66.0]])   # cx 24 cy 42 w 24 h 48
    d = encode(p, g, RCNN)[0]
    exp = [(24 - 20) / 20 / 0.1, (42 - 40) / 40 / 0.1, math.log(24 / 20) / 0.2, math.log(48 / 40) / 0.2]
    assert d.tolist() == pytest.approx(exp, rel=1e-5)


def test_decode_hand_and_roundtrip():
    p = torch.tensor([[10.0, 20.0, 30.0, 60.0]])
    d = torch.tensor([[1.0, -0.5, 0.5, -1.0]])
    b = decode(p, d, RCNN)[0]
    # dx=0.1 dy=-0.05 dw=0.1 dh=-0.2 -> cx 22, cy 38, w 20e^0.1, h 40e^-0.2
    w, h = 20 * math.exp(0.1), 40 * math.exp(-0.2)
    assert b.tolist() == pytest.approx([22 - w / 2, 38 - h / 2, 22 + w / 2, 38 + h / 2], rel=1e-5)
    g = torch.tensor([[5.0, 7.0, 90.0, 40.0]])
    assert decode(p, encode(p, g, RCNN), RCNN)[0].tolist() == pytest.approx(g[0].tolist(), rel=1e-5)


def test_decode_clamps_both_sides_and_clips():
    p = torch.tensor([[0.0, 0.0, 10.0, 10.0]])
    big = decode(p, torch.tensor([[0.0, 0.0, 100.0, -100.0]]), (1.0, 1.0, 1.0, 1.0))[0]
    w, h = big[2] - big[0], big[3] - big[1]
    assert float(w) == pytest.approx(10 * math.exp(MAX_RATIO), rel=1e-5)
    assert float(h) == pytest.approx(10 * math.exp(-MAX_RATIO), rel=1e-5)
    clipped = decode(p, torch.tensor([[0.0, 0.0, 3.0, 3.0]]), (1.0, 1.0, 1.0, 1.0), max_shape=(8, 12))[0]
    assert clipped.tolist() == [0.0, 0.0, 12.0, 8.0]
    assert MAX_RATIO == pytest.approx(4.135166556742356)


def test_decode_class_specific_layout():
    p = torch.tensor([[0.0, 0.0, 10.0, 10.0]])
    d = torch.zeros(1, 8)
    d[0, 4] = 1.0     # class 1, dx
    b = decode(p, d, RCNN).reshape(2, 4)
    assert b[0].tolist() == [0.0, 0.0, 10.0, 10.0]
    assert b[1].tolist() == pytest.approx([1.0, 0.0, 11.0, 10.0])


def test_iou_matches_torchvision():
    g = torch.Generator().manual_seed(0)
    a = torch.rand(50, 2, generator=g) * 100
    a = torch.cat([a, a + torch.rand(50, 2, generator=g) * 50 + 1], 1)
    b = torch.rand(40, 2, generator=g) * 100
    b = torch.cat([b, b + torch.rand(40, 2, generator=g) * 50 + 1], 1)
    assert torch.allclose(box_iou(a, b), torchvision.ops.box_iou(a, b), atol=1e-6)
    hand = box_iou(torch.tensor([[0.0, 0.0, 10.0, 10.0]]), torch.tensor([[5.0, 0.0, 15.0, 10.0]]))
    assert float(hand) == pytest.approx(50 / 150)


def test_nms_hand_case():
    boxes = torch.tensor([[0.0, 0.0, 10.0, 10.0], [1.0, 0.0, 11.0, 10.0], [20.0, 20.0, 30.0, 30.0],
                          [0.0, 0.0, 10.0, 20.0]])
    scores = torch.tensor([0.9, 0.8, 0.7, 0.6])
    # IoU(0,1) = 90/110 > 0.5 -> drop 1; IoU(0,3) = 100/200 = 0.5 is NOT > 0.5 -> keep 3
    assert torchvision.ops.nms(boxes, scores, 0.5).tolist() == [0, 2, 3]
    assert nms_reference(boxes, scores, 0.5).tolist() == [0, 2, 3]


@pytest.mark.parametrize("thr", [0.3, 0.5, 0.7])
def test_nms_matches_reference(thr):
    g = torch.Generator().manual_seed(1)
    xy = torch.rand(300, 2, generator=g) * 200
    boxes = torch.cat([xy, xy + torch.rand(300, 2, generator=g) * 60 + 2], 1)
    scores = torch.rand(300, generator=g)
    assert torchvision.ops.nms(boxes, scores, thr).tolist() == nms_reference(boxes, scores, thr).tolist()
    labels = torch.randint(0, 4, (300,), generator=g)
    bt = torchvision.ops.batched_nms(boxes, scores, labels, thr)
    keep = []
    for c in range(4):
        idx = torch.nonzero(labels == c).flatten()
        keep += idx[nms_reference(boxes[idx], scores[idx], thr)].tolist()
    keep = sorted(keep, key=lambda i: -float(scores[i]))
    assert bt.tolist() == keep


def test_anchors_hand():
    a = base_anchors(4, [8.0], [0.5, 1.0, 2.0])
    s = math.sqrt(0.5)
    # ratio 0.5: h = 32*sqrt(.5), w = 32/sqrt(.5)
    assert a[0].tolist() == pytest.approx([-16 / s, -16 * s, 16 / s, 16 * s], rel=1e-6)
    assert a[1].tolist() == [-16.0, -16.0, 16.0, 16.0]
    assert a[2].tolist() == pytest.approx([-16 * s, -16 / s, 16 * s, 16 / s], rel=1e-6)
    g = grid_anchors(4, [8.0], [0.5, 1.0, 2.0], 2, 3)
    assert g.shape == (18, 4)
    # (H, W, A) order: index (y=1, x=2, a=1) = (1*3 + 2)*3 + 1
    assert g[(1 * 3 + 2) * 3 + 1].tolist() == [8 - 16.0, 4 - 16.0, 8 + 16.0, 4 + 16.0]


def test_level_mapping_and_enlarge():
    r = torch.tensor([[0, 0, 111.9, 111.9], [0, 0, 112, 112], [0, 0, 223, 224], [0, 0, 224, 224],
                      [0, 0, 448, 448], [0, 0, 2000, 2000], [0, 0, 1, 1]])
    assert map_roi_levels(r).tolist() == [0, 1, 1, 2, 3, 3, 0]
    e = rescale_rois(torch.tensor([[10.0, 20.0, 30.0, 60.0]]), 1.3)[0]
    assert e.tolist() == pytest.approx([7.0, 14.0, 33.0, 66.0])
