"""Input pipeline: resize (OpenCV INTER_LINEAR semantics), normalise, pad.

The exact rule (copied by the Swift engine) is in Tools/README.md, section
"Input resize"."""
from __future__ import annotations

import math

import numpy as np
import torch


def rescale_size(w: int, h: int, scale) -> tuple:
    """mmcv.rescale_size with keep_ratio: scale = (long cap, short cap)."""
    long_cap, short_cap = max(scale), min(scale)
    f = min(long_cap / max(h, w), short_cap / min(h, w))
    return int(w * f + 0.5), int(h * f + 0.5)


def _axis_weights(n_in: int, n_out: int):
    """Half-pixel bilinear source indices/weights along one axis (float64)."""
    scale = n_in / n_out
    dst = np.arange(n_out, dtype=np.float64)
    src = (dst + 0.5) * scale - 0.5
    src = np.maximum(src, 0.0)
    i0 = np.floor(src).astype(np.int64)
    i0 = np.minimum(i0, n_in - 1)
    i1 = np.minimum(i0 + 1, n_in - 1)
    l1 = src - i0
    l1 = np.where(i0 == n_in - 1, 0.0, l1)
    return i0, i1, 1.0 - l1, l1


def resize_bilinear(img: np.ndarray, new_w: int, new_h: int) -> np.ndarray:
    """img HxWxC (uint8 or float) -> new_h x new_w x C float32.

    Computed in float64, rounded once to float32; no rounding to integers."""
    h, w = img.shape[:2]
    src = img.astype(np.float64)
    if (new_w, new_h) == (w, h):
        return src.astype(np.float32)
    y0, y1, wy0, wy1 = _axis_weights(h, new_h)
    x0, x1, wx0, wx1 = _axis_weights(w, new_w)
    rows = src[y0] * wy0[:, None, None] + src[y1] * wy1[:, None, None]          # new_h x W x C
    out = rows[:, x0] * wx0[None, :, None] + rows[:, x1] * wx1[None, :, None]   # new_h x new_w x C
    return out.astype(np.float32)


def preprocess(img: np.ndarray, scale, mean, std, size_divisor=32):
    """RGB uint8 HxWx3 -> (tensor 1x3xHpxWp float32, meta dict)."""
    h, w = img.shape[:2]
    new_w, new_h = rescale_size(w, h, scale)
    x = resize_bilinear(img, new_w, new_h)
    x = (x - np.asarray(mean, np.float32)) / np.asarray(std, np.float32)
    pad_h = int(math.ceil(new_h / size_divisor) * size_divisor)
    pad_w = int(math.ceil(new_w / size_divisor) * size_divisor)
    out = np.zeros((pad_h, pad_w, 3), np.float32)
    out[:new_h, :new_w] = x
    t = torch.from_numpy(out).permute(2, 0, 1).contiguous()[None]
    meta = {"ori_shape": (h, w), "img_shape": (new_h, new_w), "pad_shape": (pad_h, pad_w),
            "scale_factor": (new_w / w, new_h / h)}
    return t, meta


def load_rgb(path) -> np.ndarray:
    from PIL import Image
    return np.asarray(Image.open(path).convert("RGB"))
