"""Exported safetensors reload to the same outputs; metadata round trip; shipped model vs fixtures."""
import json
import os

import numpy as np
import pytest
import torch

from common import config_from_metadata, demo_config, load_model
from dhref import DoubleHeadDetector
from export import export_state_dict, metadata_for
from reference import dump

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SCENE = os.path.join(REPO, "Samples", "images", "shapes_s3_00000.png")
SHIPPED = os.path.join(REPO, "Samples", "models", "shapes-dh-ext.safetensors")


def random_model(seed=0):
    from train import init_weights
    torch.manual_seed(seed)
    m = DoubleHeadDetector(demo_config())
    init_weights(m)
    with torch.no_grad():   # non-trivial BN statistics and heads
        for mod in m.modules():
            if isinstance(mod, torch.nn.BatchNorm2d):
                mod.weight.uniform_(0.5, 1.5)
                mod.bias.uniform_(-0.1, 0.1)
                mod.running_mean.uniform_(-0.1, 0.1)
                mod.running_var.uniform_(0.5, 1.5)
        h = m.roi_head.bbox_head
        for lin in (h.fc_cls, h.conv_cls, h.fc_reg, h.fc_reg_fc):
            lin.weight.normal_(0, 0.05)
    return m.eval()


def test_metadata_round_trip():
    cfg = demo_config()
    back = config_from_metadata(metadata_for(cfg))
    assert back.to_dict() == cfg.to_dict()


@pytest.mark.parametrize("dtype", ["F32", "F16"])
def test_safetensors_reload_same_outputs(tmp_path, dtype):
    from safetensors.torch import save_file
    from dhref.preprocess import load_rgb
    m = random_model()
    path = str(tmp_path / f"m_{dtype}.safetensors")
    save_file(export_state_dict(m, dtype), path, metadata=metadata_for(m.cfg))
    back = load_model(path)
    if dtype == "F16":     # the reference model with the same rounding
        with torch.no_grad():
            for p in list(m.parameters()) + [b for n, b in m.named_buffers() if "running" in n]:
                p.copy_(p.half().float())
    img = load_rgb(SCENE)
    a, b = dump(m, img), dump(back, img)
    assert a["proposals"] == b["proposals"]
    assert a["rois"] == b["rois"]
    assert a["detections"] == b["detections"]


@pytest.mark.skipif(not os.path.exists(SHIPPED), reason="demo model not exported yet")
def test_shipped_model_metadata_and_size():
    from safetensors import safe_open
    assert os.path.getsize(SHIPPED) <= 10 * 1024 * 1024
    with safe_open(SHIPPED, "pt") as f:
        meta = f.metadata()
        keys = list(f.keys())
    for k in ("format", "architecture", "classes", "anchors", "normalization", "test_cfg", "variants", "ext_tensors"):
        assert k in meta
    assert json.loads(meta["classes"])[0] == "circle"
    assert "roi_head.bbox_head.conv_cls.weight" in keys and "roi_head.bbox_head.fc_reg_fc.weight" in keys


@pytest.mark.skipif(not os.path.exists(os.path.join(REPO, "Tests", "Fixtures", "demo", "shapes_s3_00000.json")),
                    reason="demo fixtures not written yet")
def test_shipped_model_reproduces_demo_fixture():
    from dhref.preprocess import load_rgb
    with open(os.path.join(REPO, "Tests", "Fixtures", "demo", "shapes_s3_00000.json")) as f:
        fx = json.load(f)
    d = dump(load_model(SHIPPED), load_rgb(os.path.join(REPO, fx["image"])), roi_subset=fx["rois"]["indices"])
    np.testing.assert_allclose(d["proposals"]["boxes"], fx["proposals"]["boxes"], atol=1e-3)
    np.testing.assert_allclose(d["rois"]["fc_scores"], fx["rois"]["fc_scores"], atol=1e-5)
    for v, dets in fx["detections"].items():
        assert [x["roi"] for x in d["detections"][v]] == [x["roi"] for x in dets]
