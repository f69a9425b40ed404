"""Writes a 1920x1080 photo-like test image for the sixel benchmark: a 2x2 mosaic of the
four real sample photos (Samples/images: astronaut, coffee, chelsea, rocket; licences in
Samples/README.md), each cropped to 16:9, upscaled to 960x540 with Lanczos (at most 2.2x)
and given mild Gaussian grain (sigma 2, fixed seed) so it has full-resolution texture.
Synthetic in arrangement, natural in content; made at bench time, never committed.
Saved as JPEG (quality 92) when OUT ends in .jpg, as a camera would.
Usage: make_photo.py SAMPLES_IMAGES_DIR OUT.jpg"""
import sys
import numpy as np
from PIL import Image

folder, out = sys.argv[1], sys.argv[2]
tiles = []
for name in ["astronaut", "coffee", "chelsea", "rocket"]:
    im = Image.open(f"{folder}/{name}.png").convert("RGB")
    w, h = im.size
    ch = min(h, round(w * 9 / 16))
    cw = round(ch * 16 / 9)
    left, top = (w - cw) // 2, (h - ch) // 2
    tiles.append(np.asarray(im.crop((left, top, left + cw, top + ch)).resize((960, 540), Image.LANCZOS), dtype=np.float32))
mosaic = np.concatenate([np.concatenate(tiles[:2], axis=1), np.concatenate(tiles[2:], axis=1)], axis=0)
rng = np.random.default_rng(14)
mosaic += rng.normal(0, 2, mosaic.shape)
Image.fromarray(np.clip(mosaic.round(), 0, 255).astype(np.uint8)).save(out, quality=92)
