#!/usr/bin/env python3
"""Seeded generator of synthetic detection scenes ("shapes") with COCO ground truth.

Eight classes, two groups of look-alikes (circle / hexagon / octagon and
square / rectangle / diamond) plus triangle and star. Objects from ~12 px to
most of the image, rotated, touching and occluding each other, colour jitter,
blur and noise, on backgrounds cut from scikit-image's bundled photos or drawn
procedurally. Every scene i of a given --seed is reproducible on its own
(its RNG is seeded from (seed, i)).

    python Tools/shapes.py --out ../dhwork/data/train --count 4000 --seed 1
"""
from __future__ import annotations

import argparse
import json
import math
import os
from typing import List

import numpy as np
from PIL import Image, ImageDraw, ImageFilter

CLASSES = ["circle", "hexagon", "octagon", "square", "rectangle", "diamond", "triangle", "star"]
PHOTO_NAMES = ["astronaut", "coffee", "chelsea", "rocket", "camera", "coins", "moon", "page",
               "text", "brick", "grass", "gravel", "hubble_deep_field", "immunohistochemistry",
               "horse", "cell", "retina", "clock", "motorcycle_left"]
SS = 4  # supersampling factor for anti-aliased edges

_PHOTOS: List[np.ndarray] = []


def photos() -> List[np.ndarray]:
    if not _PHOTOS:
        import skimage.data as skd
        for n in PHOTO_NAMES:
            try:
                a = np.asarray(getattr(skd, n)())
            except Exception:
                continue
            if a.dtype != np.uint8:
                a = (a.astype(np.float64) / max(a.max(), 1) * 255).astype(np.uint8)
            if a.ndim == 2:
                a = np.stack([a] * 3, -1)
            _PHOTOS.append(a[..., :3])
    return _PHOTOS


# ---------------------------------------------------------------- backgrounds
def random_colour(rng, smin=0.0, vmin=0.15):
    h, s, v = rng.random(), rng.uniform(smin, 1.0), rng.uniform(vmin, 1.0)
    i = int(h * 6) % 6
    f = h * 6 - int(h * 6)
    p, q, t = v * (1 - s), v * (1 - f * s), v * (1 - (1 - f) * s)
    rgb = [(v, t, p), (q, v, p), (p, v, t), (p, q, v), (t, p, v), (v, p, q)][i]
    return np.array(rgb) * 255.0


def photo_background(rng, w, h):
    src = photos()[rng.integers(len(photos()))]
    H, W = src.shape[:2]
    side = rng.uniform(0.25, 1.0) * min(H, W)
    cw = int(min(W, side * rng.uniform(0.8, 1.25) * w / max(w, h) * (max(w, h) / h if w > h else 1)))
    cw, ch = max(16, min(W, int(side * w / max(w, h)))), max(16, min(H, int(side * h / max(w, h))))
    x0, y0 = rng.integers(0, W - cw + 1), rng.integers(0, H - ch + 1)
    im = Image.fromarray(src[y0:y0 + ch, x0:x0 + cw]).resize((w, h), Image.BILINEAR)
    a = np.asarray(im).astype(np.float64)
    if rng.random() < 0.5:
        a = a[:, ::-1]
    # colour jitter of the background: per-channel gain, global gain/offset
    a = a * rng.uniform(0.7, 1.3, size=3) * rng.uniform(0.6, 1.2) + rng.uniform(-30, 30)
    return a


def texture_background(rng, w, h):
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float64)
    c1, c2 = random_colour(rng), random_colour(rng)
    kind = rng.integers(5)
    if kind == 0:      # linear gradient
        ang = rng.uniform(0, 2 * math.pi)
        t = (xx * math.cos(ang) + yy * math.sin(ang))
        t = (t - t.min()) / max(t.max() - t.min(), 1e-6)
    elif kind == 1:    # stripes
        ang, period = rng.uniform(0, math.pi), rng.uniform(6, 40)
        t = 0.5 + 0.5 * np.sin(2 * math.pi * (xx * math.cos(ang) + yy * math.sin(ang)) / period)
    elif kind == 2:    # rotated checkerboard
        ang, period = rng.uniform(0, math.pi), rng.uniform(8, 48)
        u = xx * math.cos(ang) + yy * math.sin(ang)
        v = -xx * math.sin(ang) + yy * math.cos(ang)
        t = ((np.floor(u / period) + np.floor(v / period)) % 2).astype(np.float64)
    elif kind == 3:    # smooth value noise (several octaves)
        t = np.zeros((h, w))
        for octave in range(4):
            n = 2 ** (octave + 2)
            small = rng.random((n + 1, n + 1))
            t += np.asarray(Image.fromarray((small * 255).astype(np.uint8)).resize((w, h), Image.BICUBIC),
                            np.float64) / 255.0 / (octave + 1)
        t = (t - t.min()) / max(t.max() - t.min(), 1e-6)
    else:              # random blobs
        img = Image.new("L", (w, h), 0)
        d = ImageDraw.Draw(img)
        for _ in range(rng.integers(10, 40)):
            r = rng.uniform(4, 40)
            cx, cy = rng.uniform(0, w), rng.uniform(0, h)
            d.ellipse([cx - r, cy - r * rng.uniform(0.5, 1.5), cx + r, cy + r], fill=int(rng.integers(60, 256)))
        t = np.asarray(img.filter(ImageFilter.GaussianBlur(rng.uniform(1, 6))), np.float64) / 255.0
    return c1[None, None] * (1 - t[..., None]) + c2[None, None] * t[..., None]


# ---------------------------------------------------------------- shapes
def regular_polygon(n, r, rot):
    a = rot + np.arange(n) * 2 * math.pi / n
    return np.stack([r * np.cos(a), r * np.sin(a)], -1)


def shape_polygon(cls: str, size: float, rng) -> np.ndarray:
    """Polygon (P,2) centred on 0 whose larger extent is about `size`."""
    rot = rng.uniform(0, 2 * math.pi)
    r = size / 2
    if cls == "circle":
        return regular_polygon(96, r, 0.0)
    if cls == "hexagon":
        return regular_polygon(6, r, rot)
    if cls == "octagon":
        return regular_polygon(8, r, rot)
    if cls == "triangle":
        pts = regular_polygon(3, r, rot)
        return pts + rng.normal(0, r * 0.05, pts.shape)
    if cls == "star":
        inner = rng.uniform(0.38, 0.55)
        a = rot + np.arange(10) * math.pi / 5
        rr = np.where(np.arange(10) % 2 == 0, r, r * inner)
        return np.stack([rr * np.cos(a), rr * np.sin(a)], -1)
    if cls == "square":
        hx = hy = size / (2 * math.sqrt(2))
    elif cls == "rectangle":
        asp = rng.uniform(1.5, 2.6)
        hx = size / 2 / math.sqrt(1 + 1 / asp ** 2)
        hy = hx / asp
    elif cls == "diamond":
        hx, hy = r, r / rng.uniform(1.5, 2.4)
        pts = np.array([[hx, 0], [0, hy], [-hx, 0], [0, -hy]])
        return rotate(pts, rot)
    else:
        raise ValueError(cls)
    pts = np.array([[-hx, -hy], [hx, -hy], [hx, hy], [-hx, hy]])
    return rotate(pts, rot)


def rotate(pts, ang):
    c, s = math.cos(ang), math.sin(ang)
    return pts @ np.array([[c, s], [-s, c]])


def sample_size(rng, w, h):
    u = rng.random()
    lo_hi = (12, 32) if u < 0.25 else (32, 96) if u < 0.75 else (96, 0.88 * min(w, h))
    return math.exp(rng.uniform(math.log(lo_hi[0]), math.log(lo_hi[1])))


def render_alpha(poly_abs: np.ndarray, w: int, h: int):
    """Anti-aliased coverage of a polygon in image coords -> (alpha patch, x0, y0)."""
    x0 = max(0, int(math.floor(poly_abs[:, 0].min())) - 1)
    y0 = max(0, int(math.floor(poly_abs[:, 1].min())) - 1)
    x1 = min(w, int(math.ceil(poly_abs[:, 0].max())) + 2)
    y1 = min(h, int(math.ceil(poly_abs[:, 1].max())) + 2)
    if x1 <= x0 or y1 <= y0:
        return None, 0, 0
    img = Image.new("L", ((x1 - x0) * SS, (y1 - y0) * SS), 0)
    pts = [((px - x0) * SS, (py - y0) * SS) for px, py in poly_abs]
    ImageDraw.Draw(img).polygon(pts, fill=255)
    a = np.asarray(img.resize((x1 - x0, y1 - y0), Image.BOX), np.float64) / 255.0
    return a, x0, y0


def make_scene(seed: int, index: int, w: int = 256, h: int = 256):
    """Returns (uint8 HxWx3 image, list of annotations {bbox, category_id, poly})."""
    rng = np.random.default_rng([seed, index])
    canvas = photo_background(rng, w, h) if rng.random() < 0.55 else texture_background(rng, w, h)
    owner = -np.ones((h, w), np.int32)        # which object owns each pixel (alpha > 0.5)
    full_area: List[int] = []
    objs = []
    n_obj = int(rng.integers(2, 12))
    for k in range(n_obj):
        for _try in range(25):
            cls_id = int(rng.integers(len(CLASSES)))
            size = sample_size(rng, w, h)
            poly = shape_polygon(CLASSES[cls_id], size, rng)
            if objs and rng.random() < 0.35:     # touch / overlap a previous object
                p = objs[rng.integers(len(objs))]
                ang = rng.uniform(0, 2 * math.pi)
                dist = (p["size"] + size) / 2 * rng.uniform(0.55, 1.0)
                cx, cy = p["cx"] + dist * math.cos(ang), p["cy"] + dist * math.sin(ang)
            else:
                cx, cy = rng.uniform(0.05 * w, 0.95 * w), rng.uniform(0.05 * h, 0.95 * h)
            pa = poly + np.array([cx, cy])
            alpha, x0, y0 = render_alpha(pa, w, h)
            if alpha is None:
                continue
            m = alpha > 0.5
            ext_area = _polygon_area(poly)
            if m.sum() < 0.6 * ext_area or m.sum() < 40:       # mostly outside the image
                continue
            # would this object hide too much of an earlier one?
            sub = owner[y0:y0 + m.shape[0], x0:x0 + m.shape[1]]
            hidden = np.bincount(sub[m & (sub >= 0)], minlength=len(objs))
            ok = True
            for j, o in enumerate(objs):
                if hidden[j] and (o["visible"] - hidden[j]) < 0.5 * full_area[j]:
                    ok = False
                    break
            if ok:
                break
        else:
            continue
        # appearance
        col = random_colour(rng, smin=0.2, vmin=0.2)
        ph, pw = alpha.shape
        if rng.random() < 0.3:   # gradient fill
            col2 = random_colour(rng)
            t = np.linspace(0, 1, pw)[None, :, None] if rng.random() < 0.5 else np.linspace(0, 1, ph)[:, None, None]
            fill = col[None, None] * (1 - t) + col2[None, None] * t
        else:
            fill = np.broadcast_to(col[None, None], (ph, pw, 3)).astype(np.float64)
        fill = fill + rng.normal(0, rng.uniform(0, 12), (ph, pw, 3))   # texture on the object
        if rng.random() < 0.3 and size > 20:    # outline
            edge = alpha - np.asarray(Image.fromarray((alpha * 255).astype(np.uint8)).filter(
                ImageFilter.MinFilter(3 if rng.random() < 0.7 else 5)), np.float64) / 255.0
            ocol = random_colour(rng)
            fill = fill * (1 - edge[..., None]) + ocol[None, None] * edge[..., None]
        region = canvas[y0:y0 + ph, x0:x0 + pw]
        region[:] = region * (1 - alpha[..., None]) + fill * alpha[..., None]
        idx = len(objs)
        for j in range(len(objs)):
            pass
        sub = owner[y0:y0 + ph, x0:x0 + pw]
        hidden = np.bincount(sub[m & (sub >= 0)], minlength=idx + 1)
        for j in range(idx):
            objs[j]["visible"] -= int(hidden[j])
        sub[m] = idx
        full_area.append(int(m.sum()))
        objs.append({"cls": cls_id, "size": size, "cx": cx, "cy": cy, "visible": int(m.sum()), "poly": pa})
    # global photometric jitter, blur and noise
    canvas = (canvas - 128) * rng.uniform(0.75, 1.25) + 128 + rng.uniform(-20, 20)
    img = Image.fromarray(np.clip(canvas, 0, 255).astype(np.uint8))
    if rng.random() < 0.5:
        img = img.filter(ImageFilter.GaussianBlur(rng.uniform(0.3, 1.3)))
    a = np.asarray(img).astype(np.float64)
    a = a + rng.normal(0, rng.uniform(0, 10), a.shape)
    img = np.clip(np.round(a), 0, 255).astype(np.uint8)
    anns = []
    for j, o in enumerate(objs):
        ys, xs = np.nonzero(owner == j)
        if len(xs) < 20:
            continue
        x1, y1, x2, y2 = xs.min(), ys.min(), xs.max() + 1, ys.max() + 1
        poly = np.clip(o["poly"], 0, [w, h])
        anns.append({"bbox": [float(x1), float(y1), float(x2 - x1), float(y2 - y1)],
                     "category_id": o["cls"] + 1,
                     "segmentation": [[round(float(v), 2) for v in poly.reshape(-1)]]})
    return img, anns


def _polygon_area(p):
    x, y = p[:, 0], p[:, 1]
    return 0.5 * abs(float(np.dot(x, np.roll(y, 1)) - np.dot(y, np.roll(x, 1))))


def generate(out_dir, count, seed, prefix="scene", w=256, h=256, start=0):
    img_dir = os.path.join(out_dir, "images")
    os.makedirs(img_dir, exist_ok=True)
    images, annotations = [], []
    ann_id = 1
    for i in range(start, start + count):
        img, anns = make_scene(seed, i, w, h)
        name = f"{prefix}_s{seed}_{i:05d}.png"
        Image.fromarray(img).save(os.path.join(img_dir, name), optimize=False)
        image_id = i + 1
        images.append({"id": image_id, "file_name": name, "width": w, "height": h})
        for a in anns:
            bw, bh = a["bbox"][2], a["bbox"][3]
            annotations.append({"id": ann_id, "image_id": image_id, "category_id": a["category_id"],
                                "bbox": a["bbox"], "area": bw * bh, "iscrowd": 0,
                                "segmentation": a["segmentation"]})
            ann_id += 1
    coco = {"info": {"description": f"dhscope shapes, seed {seed}", "version": "1"},
            "images": images, "annotations": annotations,
            "categories": [{"id": k + 1, "name": n, "supercategory": "shape"} for k, n in enumerate(CLASSES)]}
    with open(os.path.join(out_dir, "annotations.json"), "w") as f:
        json.dump(coco, f)
    return coco


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", required=True)
    ap.add_argument("--count", type=int, default=100)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--start", type=int, default=0)
    ap.add_argument("--prefix", default="scene")
    ap.add_argument("--width", type=int, default=256)
    ap.add_argument("--height", type=int, default=256)
    a = ap.parse_args()
    coco = generate(a.out, a.count, a.seed, a.prefix, a.width, a.height, a.start)
    print(f"wrote {len(coco['images'])} images, {len(coco['annotations'])} boxes to {a.out}")


if __name__ == "__main__":
    main()
