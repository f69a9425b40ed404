"""RoIAlign: torchvision (as called by the reference) vs the explicit algorithm and a hand case."""
import numpy as np
import pytest
import torch
from torchvision.ops import roi_align

from dhref.head import extract_rois, map_roi_levels, rescale_rois
from dhref.roialign_ref import roi_align_ref

BOXES = [[3.0, 5.0, 40.0, 30.0], [0.0, 0.0, 63.0, 63.0], [10.2, 7.7, 12.9, 9.1], [-8.0, -4.0, 20.0, 70.0],
         [50.0, 50.0, 90.0, 80.0], [20.0, 20.0, 20.0, 30.0]]


@pytest.mark.parametrize("scale", [1.0, 0.25, 0.125])
def test_torchvision_matches_explicit_algorithm(scale):
    g = torch.Generator().manual_seed(0)
    f = torch.randn(1, 3, 17, 13, generator=g, dtype=torch.float64)
    rois = torch.tensor([[0.0] + b for b in BOXES], dtype=torch.float64)
    tv = roi_align(f, rois, (7, 7), spatial_scale=scale, sampling_ratio=0, aligned=True).numpy()
    for i, b in enumerate(BOXES):
        ref = roi_align_ref(f[0].numpy(), b, 7, scale)
        np.testing.assert_allclose(tv[i], ref, rtol=1e-9, atol=1e-9)


def test_linear_feature_hand_case():
    # f(y, x) = 2x + 3y + 1 on a 20x20 map. Bilinear sampling of a linear map is exact, so each
    # bin's average is f at the bin centre: x_c = x1*s - 0.5 + (j + 0.5) * w*s/7.
    h = w = 20
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    f = torch.from_numpy(2 * xx + 3 * yy + 1)[None, None]
    box = [8.0, 12.0, 36.0, 40.0]                    # at scale 0.5 -> [4,6,18,20] - 0.5, inside the map
    out = roi_align(f, torch.tensor([[0.0] + box], dtype=torch.float64), (7, 7), 0.5, 0, True)[0, 0].numpy()
    j = np.arange(7)
    xc = 8 * 0.5 - 0.5 + (j + 0.5) * 14 / 7
    yc = 12 * 0.5 - 0.5 + (j + 0.5) * 14 / 7
    np.testing.assert_allclose(out, 2 * xc[None, :] + 3 * yc[:, None] + 1, rtol=1e-12)


def test_extract_rois_routes_levels_and_enlarges():
    g = torch.Generator().manual_seed(2)
    feats = [torch.randn(2, 4, 64 // s, 64 // s, generator=g) for s in (1, 2, 4, 8)]
    strides = (4, 8, 16, 32)
    rois = torch.tensor([[5.0, 5.0, 60.0, 70.0], [0.0, 0.0, 200.0, 150.0], [10.0, 10.0, 250.0, 250.0],
                         [0.0, 0.0, 500.0, 500.0]])
    bidx = torch.tensor([0, 1, 1, 0])
    for factor in (None, 1.3):
        got = extract_rois(feats, rois, bidx, 7, strides, 56.0, factor)
        lv = map_roi_levels(rois)
        boxes = rois if factor is None else rescale_rois(rois, factor)
        for i in range(4):
            l = int(lv[i])
            r = torch.cat([bidx[i:i + 1, None].float(), boxes[i:i + 1]], 1)
            exp = roi_align(feats[l], r, (7, 7), 1.0 / strides[l], 0, True)
            assert torch.allclose(got[i:i + 1], exp)
    assert map_roi_levels(rois).tolist() == [0, 1, 2, 3]
