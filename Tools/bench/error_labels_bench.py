#!/usr/bin/env python3
"""Error labels at COCO scale: `dhscope eval` against pycocotools + tidecv, same files.

The Python half of Tools/bench/error_labels_bench.sh, which runs the rounds; three commands:

  generate --dir D     writes D/gt.json and D/results.json (seeded; kept when D/params.json
                       matches): 5,000 images, ~36,000 boxes (1 % crowd, 1 % of images
                       without any), 80 COCO categories, 100 detections on every image, made
                       so that every TIDE type occurs (tight and loose copies of true boxes,
                       second copies, class swaps, boxes near and far from any box).
  python --gt G --results R --out T.json [--check DIR]
                       one Python process, timing each part from the files to its numbers:
                         ap         pycocotools COCO + loadRes + COCOeval evaluate/accumulate/summarize
                         pr         per-class PR curves from COCOeval's precision array
                         tide       tidecv COCO/COCOResult + TIDE().evaluate(mode=BOX) +
                                    count_errors + get_main_errors (dAP)
                         labels     per-detection labels (make_error_fixtures.run_labels)
                         confusion  mmdetection's matrix (make_error_fixtures.confusion_matrix, 0.3/0.5)
                       The Python keeps its numbers in memory; dhscope also writes its files
                       (the labels are ~110 MB of JSON lines at the default size).
                       With --check DIR (dhscope's outputs of the same round), afterwards
                       compares them with these numbers and writes T.check.json.
  table --dir D --rounds N
                       the medians of the rounds as a table; exit 1 when a check failed.
"""
import argparse
import collections
import contextlib
import io
import json
import os
import random
import re
import resource
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
COCO_IDS = [i for i in range(1, 91) if i not in (12, 26, 29, 30, 45, 66, 68, 69, 71, 83)]
SIZES = [(640, 480), (480, 640), (640, 427), (427, 640), (640, 360), (500, 375)]
GT_TYPES = ("tp", "cls", "loc", "dupe")  # label types whose gt_id both sides define alike
ERROR_TYPES = ["cls", "loc", "both", "dupe", "bkg", "miss"]
PARAMS_VERSION = 1  # bump when the generator changes, so old folders are regenerated


# --- generate -------------------------------------------------------------------------------

def generate(directory, images, per_image, seed):
    params = {"version": PARAMS_VERSION, "images": images, "per_image": per_image, "seed": seed}
    stamp = os.path.join(directory, "params.json")
    gt_path, res_path = os.path.join(directory, "gt.json"), os.path.join(directory, "results.json")
    if os.path.exists(stamp) and os.path.exists(gt_path) and os.path.exists(res_path):
        with open(stamp) as f:
            old = json.load(f)
        if {k: old.get(k) for k in params} == params:
            print(f"reusing {directory}: {old['summary']}")
            return
    os.makedirs(directory, exist_ok=True)
    rng = random.Random(seed)
    common = COCO_IDS[:30]  # COCO is skewed too (person, car, chair ...)

    def rounded(box):
        return [round(v, 2) for v in box]

    def jitter(box, s):
        x, y, w, h = box
        return rounded([x + rng.gauss(0, s) * w, y + rng.gauss(0, s) * h,
                        max(1.0, w * (1 + rng.gauss(0, s))), max(1.0, h * (1 + rng.gauss(0, s)))])

    def score(lo, hi):
        # Three decimals: scores tie within an image, which both sides must order alike.
        return round(rng.uniform(lo, hi), 3) or 0.001

    imgs, anns, results = [], [], []
    aid = 1
    for i in range(images):
        img_id = 100000 + 7 * i
        w, h = rng.choice(SIZES)
        imgs.append({"id": img_id, "file_name": f"{img_id:012d}.jpg", "width": w, "height": h})
        u = rng.random()
        n = 0 if u < 0.01 else rng.randint(15, 30) if u < 0.06 else rng.randint(1, 12)
        gts = []
        for _ in range(n):
            side = rng.choice([12, 24, 40, 64, 100, 160, 250])  # small, medium and large
            bw = min(w - 1, side * rng.uniform(0.6, 1.6))
            bh = min(h - 1, side * side / bw * rng.uniform(0.8, 1.2))
            x, y = rng.uniform(0, w - bw), rng.uniform(0, h - bh)
            box = rounded([x, y, bw, bh])
            cat = rng.choice(common) if rng.random() < 0.7 else rng.choice(COCO_IDS)
            crowd = 1 if rng.random() < 0.01 else 0
            # tidecv makes a mask of every annotation even in box mode: the box as a polygon.
            x0, y0, x1, y1 = box[0], box[1], box[0] + box[2], box[1] + box[3]
            anns.append({"id": aid, "image_id": img_id, "category_id": cat, "bbox": box,
                         "area": round(box[2] * box[3] * rng.uniform(0.4, 0.9), 2), "iscrowd": crowd,
                         "segmentation": [[x0, y0, x1, y0, x1, y1, x0, y1]]})
            gts.append((box, cat))
            aid += 1
        dets = []
        for box, cat in gts:
            if rng.random() < 0.9:
                dets.append((cat, jitter(box, 0.04), score(0.3, 1.0)))    # tp (or ignored on a crowd)
            if rng.random() < 0.3:
                dets.append((cat, jitter(box, 0.08), score(0.1, 0.8)))    # dupe
            if rng.random() < 0.15:
                other = rng.choice([c for c in common if c != cat])
                dets.append((other, jitter(box, 0.05), score(0.1, 0.9)))  # cls
            if rng.random() < 0.3:
                dets.append((cat, jitter(box, 0.35), score(0.05, 0.7)))   # loc
        while len(dets) < per_image:
            s = round(0.001 + rng.random() ** 3 * 0.7, 3)
            if gts and rng.random() < 0.5:  # near a box, any class: loc, both, cls or bkg
                box, cat = rng.choice(gts)
                cat = cat if rng.random() < 0.3 else rng.choice(COCO_IDS)
                x, y, bw, bh = box
                k = rng.uniform(0.3, 2.0)
                dets.append((cat, rounded([x + rng.uniform(-0.5, 0.5) * bw, y + rng.uniform(-0.5, 0.5) * bh,
                                           max(1.0, bw * k), max(1.0, bh * k * rng.uniform(0.7, 1.4))]), s))
            else:                           # anywhere: mostly bkg
                bw, bh = rng.uniform(5, 250), rng.uniform(5, 250)
                dets.append((rng.choice(COCO_IDS), rounded([rng.uniform(0, w - 5), rng.uniform(0, h - 5), bw, bh]), s))
        dets = dets[:per_image]
        rng.shuffle(dets)  # a results file is not sorted by score
        results += [{"image_id": img_id, "category_id": c, "bbox": b, "score": s} for c, b, s in dets]
    cats = [{"id": c, "name": f"class{c}", "supercategory": "thing"} for c in COCO_IDS]
    with open(gt_path, "w") as f:
        json.dump({"images": imgs, "annotations": anns, "categories": cats}, f)
    with open(res_path, "w") as f:
        json.dump(results, f)
    crowd = sum(a["iscrowd"] for a in anns)
    params["summary"] = (f"{images} images, {len(anns)} ground-truth boxes ({crowd} crowd), "
                         f"{len(COCO_IDS)} categories, {len(results)} detections "
                         f"({os.path.getsize(res_path) / 1e6:.0f} MB results, {os.path.getsize(gt_path) / 1e6:.0f} MB gt)")
    with open(stamp, "w") as f:  # last, so an interrupted run generates again
        json.dump(params, f)
    print(f"generated {directory}: {params['summary']}")


# --- python -----------------------------------------------------------------------------------

def python_side(args):
    from pycocotools.coco import COCO
    from pycocotools.cocoeval import COCOeval
    from tidecv import TIDE, datasets
    sys.path.insert(0, os.path.join(HERE, "..", "fixtures"))
    from make_error_fixtures import TYPE_NAMES, confusion_matrix, run_labels

    t = {}
    with contextlib.redirect_stdout(io.StringIO()):
        start = time.perf_counter()
        coco = COCO(args.gt)
        dt = coco.loadRes(args.results)
        ev = COCOeval(coco, dt, "bbox")
        ev.evaluate()
        ev.accumulate()
        ev.summarize()
        t["ap"] = time.perf_counter() - start

        start = time.perf_counter()
        precision = ev.eval["precision"]  # T, R, K, A, M
        curves = {}
        for k, cat in enumerate(ev.params.catIds):
            p = precision[:, :, k, 0, -1]
            has_truth = bool((p > -1).any())
            curves[int(cat)] = (p.mean(axis=0).tolist() if has_truth else None, p[0].tolist() if has_truth else None)
        t["pr"] = time.perf_counter() - start

        start = time.perf_counter()
        gt = datasets.COCO(args.gt)
        preds = datasets.COCOResult(args.results)
        tide = TIDE()
        run = tide.evaluate(gt, preds, mode=TIDE.BOX, name="results")
        counts = {TYPE_NAMES[k]: int(v) for k, v in run.count_errors().items()}
        dap = tide.get_main_errors()["results"]
        t["tide"] = time.perf_counter() - start

        start = time.perf_counter()
        ann_id = [a["id"] for a in coco.dataset["annotations"]]
        labels, misses = run_labels(run, preds, ann_id)
        t["labels"] = time.perf_counter() - start

        # The files are already parsed (by the AP part), as dhscope parses them once.
        start = time.perf_counter()
        cm = confusion_matrix(coco.dataset, dt.dataset["annotations"], 0.3, 0.5)
        t["confusion"] = time.perf_counter() - start
    t["total"] = sum(t.values())
    # The whole process so far (start-up and imports included, the check below not), from
    # /proc: its start in clock ticks since boot against the uptime now.
    with open("/proc/self/stat") as f:
        started = int(f.read().rsplit(")", 1)[1].split()[19]) / os.sysconf("SC_CLK_TCK")
    with open("/proc/uptime") as f:
        t["process"] = float(f.read().split()[0]) - started
    cpu = os.times()
    t["cpu"] = cpu.user + cpu.system
    t["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    with open(args.out, "w") as f:
        json.dump(t, f)
    print("python: " + ", ".join(f"{k} {t[k]:.2f} s" for k in ("ap", "pr", "tide", "labels", "confusion", "total")))
    if args.check:
        check = compare(args, ev, curves, run, counts, dap, labels, misses, cm, dt.dataset["annotations"],
                        coco.dataset["annotations"], preds, gt)
        with open(args.out.replace(".json", ".check.json"), "w") as f:
            json.dump(check, f, indent=1)


def compare(args, ev, curves, run, counts, dap, labels, misses, cm, results, annotations, preds, gt):
    """dhscope's outputs of this round (in args.check) against the numbers just computed."""
    from tidecv import TIDE
    from make_error_fixtures import TYPE_NAMES
    d = args.check
    full = json.load(open(os.path.join(d, "report-full.json")))
    aponly = json.load(open(os.path.join(d, "report-ap.json")))
    py_stats = [float(x) for x in ev.stats]
    out = {}

    def verdict(name, ok, detail):
        out[name] = {"ok": bool(ok), "detail": detail}
        print(f"  {'agree   ' if ok else 'DISAGREE'} {name}: {detail}")

    # tidecv's ids are load order; run_labels relies on it (make_error_fixtures checks it too).
    assert [a["_id"] for a in gt.annotations] == list(range(len(annotations)))
    assert [p["_id"] for p in preds.annotations] == list(range(len(results)))

    for name, report in (("AP 12 stats (full run)", full), ("AP 12 stats (--no-tide run)", aponly)):
        diff = max(abs(a - b) for a, b in zip(report["stats_list"], py_stats))
        verdict(name, len(report["stats_list"]) == 12 and diff <= 1e-9,
                f"max |dhscope - pycocotools| {diff:.1e}, AP {py_stats[0]:.6f}")

    dh_counts = {e["type"].lower(): e["count"] for e in full["tide"]}  # "Cls" ...: TIDE's short names
    verdict("TIDE counts", dh_counts == {k: counts[k] for k in ERROR_TYPES},
            " ".join(f"{k} {counts[k]}" + ("" if dh_counts.get(k) == counts[k] else f"(dhscope {dh_counts.get(k)})")
                     for k in ERROR_TYPES))
    verdict("every TIDE type occurs", all(counts[k] > 0 for k in ERROR_TYPES), "so every rule is compared")
    dh_dap = {e["type"].lower(): e["delta_ap"] for e in full["tide"]}
    py_dap = {TYPE_NAMES[e]: float(dap[e.short_name]) for e in TIDE._error_types}
    diff = max([abs(full["tide_ap50"] - float(run.ap))] + [abs(dh_dap[k] - py_dap[k]) for k in py_dap])
    verdict("TIDE AP50 and dAP", diff <= 1e-9, f"max |diff| {diff:.1e} (AP50 {float(run.ap):.4f} %)")

    # Labels: every labelled detection as (image, type, class, score, box, gt id) on both sides;
    # the gt id only where both define it the same way (dhscope also names one for "both").
    py = collections.Counter()
    for lab in labels:
        r = results[lab["detection"]]
        py[(r["image_id"], lab["type"], r["category_id"], r["score"], tuple(r["bbox"]),
            lab["gt_id"] if lab["type"] in GT_TYPES else None)] += 1
    dh, dh_misses = collections.Counter(), []
    with open(os.path.join(d, "errors.jsonl")) as f:
        for line in f:
            e = json.loads(line)
            if e["type"] == "miss":
                dh_misses.append(e["gt_id"])
            else:
                dh[(e["image_id"], e["type"], e["category_id"], e["score"], tuple(e["box"]),
                    e["gt_id"] if e["type"] in GT_TYPES else None)] += 1
    kinds = collections.Counter(k[1] for k in py.elements())
    verdict("per-detection labels", py == dh,
            f"{sum(py.values())} labels ({' '.join(f'{k} {kinds[k]}' for k in ['tp'] + ERROR_TYPES[:-1])}), "
            f"{sum(lab['ignored'] for lab in labels)} of them crowd-ignored; "
            f"{len(py - dh)} only in Python, {len(dh - py)} only in dhscope")
    verdict("misses", sorted(dh_misses) == misses, f"{len(misses)} Python, {len(dh_misses)} dhscope")

    dh_cm = json.load(open(os.path.join(d, "confusion.json")))
    same = dh_cm["matrix"] == cm["matrix"] and dh_cm["categories"] == cm["categories"]
    cells = sum(1 for a, b in zip(sum(dh_cm["matrix"], []), sum(cm["matrix"], [])) if a != b)
    verdict("confusion matrix (0.3/0.5)", same, f"{len(cm['matrix'])}x{len(cm['matrix'])}, "
            f"{sum(map(sum, cm['matrix']))} counts, {cells} cells differ")

    pr = json.load(open(os.path.join(d, "pr.json")))
    diff, shape_ok = 0.0, len(pr["classes"]) == len(curves)
    for c in pr["classes"]:
        mine = curves.get(c["id"])
        for a, b in zip((c["precision"], c["precision50"]), mine or (None, None)):
            if (a is None) != (b is None):
                shape_ok = False
            elif a is not None:
                diff = max(diff, max(abs(x - y) for x, y in zip(a, b)))
    verdict("PR curves", shape_ok and diff <= 1e-9, f"{len(curves)} classes, max |diff| {diff:.1e}")
    return out


# --- table ------------------------------------------------------------------------------------

def time_v(path):
    """Wall seconds, CPU seconds and peak RSS (MB) from /usr/bin/time -v."""
    text = open(path).read()
    m = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", text)
    wall = int(m.group(1) or 0) * 3600 + int(m.group(2)) * 60 + float(m.group(3))
    cpu = sum(float(re.search(rf"{k} time \(seconds\): ([\d.]+)", text).group(1)) for k in ("User", "System"))
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", text).group(1)) / 1024
    return wall, cpu, rss


def table(args):
    d, n = args.dir, args.rounds
    med = statistics.median
    full = [time_v(os.path.join(d, f"time-full-{r}.txt")) for r in range(1, n + 1)]
    ap = [time_v(os.path.join(d, f"time-ap-{r}.txt")) for r in range(1, n + 1)]
    py = [json.load(open(os.path.join(d, f"python-{r}.json"))) for r in range(1, n + 1)]
    internal = [open(os.path.join(d, f"stderr-full-{r}.txt")).read().strip() for r in range(1, n + 1)]
    p = {k: med(x[k] for x in py) for k in py[0] if k != "rss_mb"}
    f_wall, a_wall = med(x[0] for x in full), med(x[0] for x in ap)
    rest_py = p["pr"] + p["tide"] + p["labels"] + p["confusion"]
    print(f"\nmedian of {n} alternating rounds (seconds; dhscope = whole process, Python = each part in one process)")
    print(f"{'part':44s} {'dhscope':>9s} {'Python':>9s} {'dhscope/Python':>15s}")

    def row(name, a, b):
        cells = [f"{a:9.2f}" if a is not None else f"{'':9s}", f"{b:9.2f}" if b is not None else f"{'':9s}"]
        ratio = f"{a / b:15.3f}" if a is not None and b else ""
        print(f"{name:44s} {cells[0]} {cells[1]} {ratio}")

    row("AP (eval --no-tide | COCOeval, files in)", a_wall, p["ap"])
    row("  PR curves (from the precision array)", None, p["pr"])
    row("  TIDE (tidecv load + evaluate + dAP)", None, p["tide"])
    row("  labels (run_labels)", None, p["labels"])
    row("  confusion matrix (0.3/0.5)", None, p["confusion"])
    row("all but AP (full - AP-only | sum of parts)", f_wall - a_wall, rest_py)
    row("total: AP + TIDE + labels + confusion + PR", f_wall, p["total"])
    row("whole process (Python: + start-up, imports)", f_wall, p["process"])
    print(f"CPU seconds (user+sys): dhscope full {med(x[1] for x in full):.2f}, "
          f"AP-only {med(x[1] for x in ap):.2f}; Python {p['cpu']:.2f}")
    print(f"peak RSS: dhscope full {max(x[2] for x in full):.0f} MB, AP-only {max(x[2] for x in ap):.0f} MB; "
          f"Python {max(x['rss_mb'] for x in py):.0f} MB")
    print(f"dhscope's own split (round 1): {internal[0]}")
    images = json.load(open(os.path.join(d, "report-full.json")))["images"]
    budget = f"; issue 13's 3 s at COCO scale: {'met' if f_wall <= 3 else 'NOT met'}" if images >= 5000 else ""
    print(f"speed-up: {p['total'] / f_wall:.1f}x overall, {p['ap'] / a_wall:.1f}x AP only{budget}")
    check = os.path.join(d, "python-1.check.json")
    if os.path.exists(check):
        bad = [k for k, v in json.load(open(check)).items() if not v["ok"]]
        print("parity (round 1): " + ("all agree" if not bad else "DISAGREE on " + ", ".join(bad)))
        if bad:
            sys.exit(1)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = ap.add_subparsers(dest="command", required=True)
    g = sub.add_parser("generate")
    g.add_argument("--dir", required=True)
    g.add_argument("--images", type=int, default=5000)
    g.add_argument("--per-image", type=int, default=100)
    g.add_argument("--seed", type=int, default=2025)
    p = sub.add_parser("python")
    p.add_argument("--gt", required=True)
    p.add_argument("--results", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--check", help="folder with dhscope's report-full.json, report-ap.json, errors.jsonl, confusion.json, pr.json")
    t = sub.add_parser("table")
    t.add_argument("--dir", required=True)
    t.add_argument("--rounds", type=int, required=True)
    args = ap.parse_args()
    if args.command == "generate":
        generate(args.dir, args.images, args.per_image, args.seed)
    elif args.command == "python":
        python_side(args)
    else:
        table(args)


if __name__ == "__main__":
    main()
