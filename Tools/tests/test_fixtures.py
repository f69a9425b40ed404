"""The committed fixtures agree with what torch and the reference compute now."""
import hashlib
import json
import os

import numpy as np
import pytest
import torch

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FIX = os.path.join(REPO, "Tests", "Fixtures")
TS = os.path.join(FIX, "torch_save")
R50 = os.path.join(FIX, "r50_synthetic")


def splitmix_u(t, i):
    m = (1 << 64) - 1
    z = (t << 32) | i
    z = (z + 0x9E3779B97F4A7C15) & m
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & m
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & m
    z ^= z >> 31
    return (z >> 11) * 2.0 ** -53 * 2.0 - 1.0


def test_formula_matches_plain_python():
    from dhref.synthetic import formula_u
    for t in (0, 5, 373):
        np.testing.assert_array_equal(formula_u(50, t), [splitmix_u(t, i) for i in range(50)])


@pytest.mark.parametrize("name", ["state_dict_zip.pth", "state_dict_legacy.pth", "wrapped_zip.pth",
                                  "wrapped_legacy.pth"])
def test_torch_save_files(name):
    with open(os.path.join(TS, name + ".json")) as f:
        exp = json.load(f)
    obj = torch.load(os.path.join(TS, name), weights_only=True)
    sd = obj["state_dict"] if exp["top_level"] == "wrapper" else obj
    if exp["top_level"] == "wrapper":
        assert obj["meta"]["CLASSES"] == tuple(exp["meta"]["CLASSES"])
    assert list(sd.keys()) == [t["name"] for t in exp["tensors"]]
    for t in exp["tensors"]:
        v = sd[t["name"]]
        assert list(v.shape) == t["shape"] and list(v.stride()) == t["stride"]
        assert v.storage_offset() == t["storage_offset"]
        assert v.contiguous().flatten().tolist() == t["values"] or \
            v.contiguous().flatten().double().tolist() == t["values"]
        if t["shares_storage_with"]:
            assert v.untyped_storage().data_ptr() == sd[t["shares_storage_with"]].untyped_storage().data_ptr()


@pytest.fixture(scope="module")
def r50():
    from fixtures import r50_config
    from dhref import DoubleHeadDetector
    from dhref.synthetic import synthetic_state_dict
    m = DoubleHeadDetector(r50_config())
    sd, names = synthetic_state_dict(m)
    m.load_state_dict(sd)
    return m.eval(), sd, names


def test_r50_formula_weights_match_fixture(r50):
    _, sd, names = r50
    with open(os.path.join(R50, "weights.json")) as f:
        w = json.load(f)
    assert [t["name"] for t in w["tensors"]] == names
    for t in w["tensors"]:
        v = sd[t["name"]]
        assert hashlib.sha256(v.numpy().astype("<f4").tobytes()).hexdigest() == t["sha256_f32le"], t["name"]


def test_r50_heads_on_given_proposals(r50):
    from dhref.preprocess import load_rgb
    from reference import dump
    model = r50[0]
    with open(os.path.join(R50, "heads_on_given_proposals.json")) as f:
        fx = json.load(f)
    d = dump(model, load_rgb(os.path.join(REPO, fx["image"])), proposals_orig=fx["proposals_input"])
    np.testing.assert_allclose(d["rois"]["fc_scores"], fx["rois"]["fc_scores"], atol=1e-5)
    np.testing.assert_allclose(d["rois"]["conv_scores"], fx["rois"]["conv_scores"], atol=1e-5)
    np.testing.assert_allclose(d["rois"]["conv_deltas"], fx["rois"]["conv_deltas"], rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(d["rois"]["fc_deltas"], fx["rois"]["fc_deltas"], rtol=1e-4, atol=1e-4)
    assert d["rois"]["roi_level"] == [0, 1, 2, 1, 0, 2, 0, 0, 3]
