"""PSNR (dB) and mean CIEDE2000 of a decoded sixel image against a reference, as JSON.
Usage: sixel_fidelity.py REFERENCE.png IMAGE.six"""
import json
import sys
import numpy as np
from PIL import Image
from skimage.color import deltaE_ciede2000, rgb2lab
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from sixel_decode import decode  # noqa: E402

reference = np.asarray(Image.open(sys.argv[1]).convert("RGB"))
decoded = decode(open(sys.argv[2], "rb").read())
h, w = reference.shape[:2]
if decoded.shape[0] < h or decoded.shape[1] < w:
    raise SystemExit(f"{sys.argv[2]}: decoded {decoded.shape[1]}x{decoded.shape[0]}, reference {w}x{h}")
decoded = decoded[:h, :w]
mse = np.mean((reference.astype(np.float64) - decoded.astype(np.float64)) ** 2)
psnr = float("inf") if mse == 0 else 10 * np.log10(255 ** 2 / mse)
de = deltaE_ciede2000(rgb2lab(reference), rgb2lab(decoded)).mean()
print(json.dumps({"psnr": round(psnr, 3), "de2000": round(float(de), 3),
                  "size": [int(decoded.shape[1]), int(decoded.shape[0])]}))
