"""A slow, explicit RoIAlign (aligned=True, adaptive sampling) in plain Python/numpy.

It spells out the algorithm torchvision.ops.roi_align / mmcv RoIAlign use, for
the tests and as the specification the Swift engine follows."""
from __future__ import annotations

import math

import numpy as np


def bilinear(f: np.ndarray, y: float, x: float) -> np.ndarray:
    """f (C,H,W). Zero outside [-1, H] x [-1, W]; clamps to the border inside."""
    _, h, w = f.shape
    if y < -1.0 or y > h or x < -1.0 or x > w:
        return np.zeros(f.shape[0])
    y = max(y, 0.0)
    x = max(x, 0.0)
    y0, x0 = int(y), int(x)
    if y0 >= h - 1:
        y0 = y1 = h - 1
        y = float(y0)
    else:
        y1 = y0 + 1
    if x0 >= w - 1:
        x0 = x1 = w - 1
        x = float(x0)
    else:
        x1 = x0 + 1
    ly, lx = y - y0, x - x0
    hy, hx = 1.0 - ly, 1.0 - lx
    return hy * hx * f[:, y0, x0] + hy * lx * f[:, y0, x1] + ly * hx * f[:, y1, x0] + ly * lx * f[:, y1, x1]


def roi_align_ref(f: np.ndarray, box, out: int, scale: float, aligned: bool = True) -> np.ndarray:
    """f (C,H,W) float64, box x1y1x2y2 in image pixels -> (C,out,out)."""
    off = 0.5 if aligned else 0.0
    x1, y1, x2, y2 = [float(v) * scale - off for v in box]
    rw, rh = x2 - x1, y2 - y1
    if not aligned:
        rw, rh = max(rw, 1.0), max(rh, 1.0)
    bw, bh = rw / out, rh / out
    gw, gh = int(math.ceil(rw / out)), int(math.ceil(rh / out))
    count = max(gw * gh, 1)
    res = np.zeros((f.shape[0], out, out))
    for ph in range(out):
        for pw in range(out):
            acc = np.zeros(f.shape[0])
            for iy in range(gh):
                y = y1 + ph * bh + (iy + 0.5) * bh / gh
                for ix in range(gw):
                    x = x1 + pw * bw + (ix + 0.5) * bw / gw
                    acc += bilinear(f, y, x)
            res[:, ph, pw] = acc / count
    return res
