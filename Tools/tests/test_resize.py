"""The documented input resize rule vs torch's half-pixel bilinear, and mmcv's rescale_size."""
import numpy as np
import pytest
import torch
import torch.nn.functional as F

from dhref.preprocess import preprocess, rescale_size, resize_bilinear


@pytest.mark.parametrize("src,dst", [((37, 53), (20, 31)), ((400, 600), (330, 495)), ((30, 40), (75, 100)),
                                     ((256, 256), (256, 256)), ((5, 7), (13, 2))])
def test_resize_matches_torch_bilinear(src, dst):
    rng = np.random.default_rng(0)
    img = rng.integers(0, 256, (src[0], src[1], 3), dtype=np.uint8)
    ours = resize_bilinear(img, dst[1], dst[0])
    t = torch.from_numpy(img.astype(np.float64)).permute(2, 0, 1)[None]
    theirs = F.interpolate(t, size=dst, mode="bilinear", align_corners=False, antialias=False)[0].permute(1, 2, 0)
    np.testing.assert_allclose(ours, theirs.numpy(), atol=1e-4)


def test_resize_hand_case():
    img = np.array([[0, 100], [200, 50]], np.uint8)[..., None]
    out = resize_bilinear(img, 4, 4)[..., 0]
    # half-pixel centres: dst 0 -> src -0.25 -> clamped 0; dst 1 -> 0.25; dst 2 -> 0.75; dst 3 -> 1.25 -> 1
    assert out[0].tolist() == pytest.approx([0, 25, 75, 100])
    assert out[:, 0].tolist() == pytest.approx([0, 50, 150, 200])
    assert out[1, 1] == pytest.approx(0.75 * (0.75 * 0 + 0.25 * 100) + 0.25 * (0.75 * 200 + 0.25 * 50))


def test_rescale_size_mmcv_rule():
    assert rescale_size(640, 480, (1333, 800)) == (1067, 800)
    assert rescale_size(600, 400, (500, 330)) == (495, 330)
    assert rescale_size(256, 256, (320, 256)) == (256, 256)
    assert rescale_size(451, 300, (320, 256)) == (320, 213)


def test_preprocess_pads_after_normalising():
    img = np.full((30, 50, 3), 128, np.uint8)
    x, meta = preprocess(img, (100, 40), [100.0, 100.0, 100.0], [2.0, 2.0, 2.0], 32)
    assert meta["img_shape"] == (40, 67) and meta["pad_shape"] == (64, 96)
    assert float(x[0, 0, 0, 0]) == pytest.approx(14.0)
    assert float(x[0, 0, 50, 80]) == 0.0
