"""Sixel encoders side by side on one photo: dhscope render --pixels sixel, img2sixel
(libsixel-bin) and chafa -f sixel, each run as a whole process from the 1920x1080 file to
an ~800x450 sixel image (median wall time of --runs runs, in one session, interleaved), then
decoded by sixel_decode.py (written from the DEC specification) and compared with the
source resized by area averaging (Pillow's BOX filter) to the size each tool produced:
PSNR (dB, higher is better) and mean CIEDE2000 (lower is better).
chafa 1.12 cannot be asked for exactly 800x450 (its sixel cells are 8x8 with
--font-ratio 1, bands of 6): it makes 800x444, compared with a BOX resize to 800x444.
Usage: sixel_bench.py PHOTO.png DHSCOPE [--runs N]"""
import json
import statistics
import subprocess
import sys
import tempfile
import time
import numpy as np
from PIL import Image
from skimage.color import deltaE_ciede2000, rgb2lab
sys.path.insert(0, __file__.rsplit("/", 1)[0])
from sixel_decode import decode  # noqa: E402

photo, dhscope = sys.argv[1], sys.argv[2]
runs = int(sys.argv[sys.argv.index("--runs") + 1]) if "--runs" in sys.argv else 7
tools = {
    "dhscope": [dhscope, "render", photo, "--pixels", "sixel", "--size", "80x23", "--cell-size", "10x20"],
    "img2sixel": ["img2sixel", "-w", "800", "-h", "450", photo],
    "img2sixel -r bicubic": ["img2sixel", "-w", "800", "-h", "450", "-r", "bicubic", photo],
    "chafa": ["chafa", "-f", "sixel", "--size", "100x57", "--font-ratio", "1", photo],
    "chafa --dither diffusion": ["chafa", "-f", "sixel", "--size", "100x57", "--font-ratio", "1", "--dither", "diffusion", photo],
}
times = {name: [] for name in tools}
outputs = {}
for _ in range(runs):
    for name, command in tools.items():
        start = time.perf_counter()
        out = subprocess.run(command, check=True, capture_output=True).stdout
        times[name].append((time.perf_counter() - start) * 1000)
        outputs[name] = out
source = Image.open(photo).convert("RGB")
print(f"{photo}: {source.size[0]}x{source.size[1]}, median of {runs} runs each")
print(f"{'encoder':<26}{'size':>9}{'ms':>9}{'bytes':>9}{'PSNR dB':>9}{'dE2000':>8}")
results = {}
for name, out in outputs.items():
    decoded = decode(out)
    h, w = decoded.shape[:2]
    reference = np.asarray(source.resize((w, h), Image.BOX), dtype=np.float64)
    mse = np.mean((reference - decoded) ** 2)
    psnr = 10 * np.log10(255 ** 2 / mse)
    de = float(deltaE_ciede2000(rgb2lab(reference / 255), rgb2lab(decoded / 255.0)).mean())
    ms = statistics.median(times[name])
    results[name] = {"width": w, "height": h, "ms": round(ms, 1), "bytes": len(out), "psnr": round(psnr, 2), "de2000": round(de, 3)}
    print(f"{name:<26}{f'{w}x{h}':>9}{ms:>9.1f}{len(out):>9}{psnr:>9.2f}{de:>8.3f}")
if "--json" in sys.argv:
    print(json.dumps(results))
