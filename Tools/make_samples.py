#!/usr/bin/env python3
"""Write Samples/images (held-out synthetic scenes + freely licensed photos from
scikit-image) and Samples/annotations/shapes-val.json.

    python Tools/make_samples.py            # 12 scenes from seed 3 (never used for training)"""
from __future__ import annotations

import argparse
import json
import os

import numpy as np
from PIL import Image

from shapes import CLASSES, make_scene

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PHOTOS = ["astronaut", "coffee", "chelsea", "rocket"]


def main():
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--seed", type=int, default=3)
    ap.add_argument("--count", type=int, default=12)
    a = ap.parse_args()
    img_dir = os.path.join(REPO, "Samples", "images")
    ann_dir = os.path.join(REPO, "Samples", "annotations")
    os.makedirs(img_dir, exist_ok=True)
    os.makedirs(ann_dir, exist_ok=True)
    images, anns = [], []
    for i in range(a.count):
        img, objs = make_scene(a.seed, i)
        name = f"shapes_s{a.seed}_{i:05d}.png"
        Image.fromarray(img).save(os.path.join(img_dir, name))
        images.append({"id": i + 1, "file_name": name, "width": img.shape[1], "height": img.shape[0]})
        for o in objs:
            anns.append({"id": len(anns) + 1, "image_id": i + 1, "category_id": o["category_id"],
                         "bbox": o["bbox"], "area": o["bbox"][2] * o["bbox"][3], "iscrowd": 0,
                         "segmentation": o["segmentation"]})
    coco = {"info": {"description": f"dhscope shapes, held-out seed {a.seed}", "version": "1"},
            "images": images, "annotations": anns,
            "categories": [{"id": k + 1, "name": n, "supercategory": "shape"} for k, n in enumerate(CLASSES)]}
    with open(os.path.join(ann_dir, "shapes-val.json"), "w") as f:
        json.dump(coco, f, indent=1)
    import skimage.data as skd
    for n in PHOTOS:
        arr = np.asarray(getattr(skd, n)())[..., :3]
        Image.fromarray(arr).save(os.path.join(img_dir, f"{n}.png"))
    print(f"wrote {len(images)} scenes ({len(anns)} boxes) and {len(PHOTOS)} photos")


if __name__ == "__main__":
    main()
