"""Deterministic 'formula' weights for the full-size R50-FPN Double-Head(-Ext) fixture.

Python and Swift both generate these; the formula is documented in
Tests/Fixtures/README.md. Let t be the index of the tensor's name in the
byte-wise sorted list of the state_dict's floating-point tensor names
(num_batches_tracked excluded) and i the element index in C order. With
64-bit wrapping unsigned arithmetic (splitmix64's finaliser):

    z = (t << 32) | i
    z = z + 0x9E3779B97F4A7C15
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
    z = (z ^ (z >> 27)) * 0x94D049BB133111EB
    z = z ^ (z >> 31)
    u = Double(z >> 11) * 2^-53 * 2 - 1           (uniform in [-1, 1), exact in float64)

and then, in float64, rounded once to float32 (round-to-nearest-even):
    conv / linear weight (ndim >= 2):  u * (gain * sqrt(3 / fan_in)), fan_in = numel / shape[0]
    conv / linear bias:                0.05 * u
    BN weight (gamma):                 1 + 0.1 * u
    BN bias (beta):                    0.1 * u
    BN running_mean:                   0.1 * u
    BN running_var:                    1 + 0.5 * u
A BN is any module whose '.running_mean' exists. gain = 1 except for the
names listed in GAIN_OVERRIDES (exact names).
"""
from __future__ import annotations

import math

import numpy as np
import torch

MASK64 = (1 << 64) - 1
GAIN_OVERRIDES = {
    "rpn_head.rpn_cls.weight": 0.3,
    "rpn_head.rpn_reg.weight": 0.3,
    "roi_head.bbox_head.fc_cls.weight": 2.0,
    "roi_head.bbox_head.fc_reg.weight": 0.3,
    "roi_head.bbox_head.fc_reg_fc.weight": 0.7,
}


def formula_u(n: int, t: int) -> np.ndarray:
    """splitmix64 finaliser of (t << 32 | i) mapped to [-1, 1) (float64)."""
    with np.errstate(over="ignore"):
        z = (np.uint64(t) << np.uint64(32)) | np.arange(n, dtype=np.uint64)
        z = z + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        z = z ^ (z >> np.uint64(31))
    return (z >> np.uint64(11)).astype(np.float64) * (2.0 ** -53) * 2.0 - 1.0


def synthetic_state_dict(model: torch.nn.Module):
    sd = model.state_dict()
    names = sorted(k for k in sd if not k.endswith("num_batches_tracked"))
    bn_prefixes = {n[: -len(".running_mean")] for n in names if n.endswith(".running_mean")}
    out = {}
    for t, name in enumerate(names):
        ref = sd[name]
        n = ref.numel()
        u = formula_u(n, t)
        prefix, leaf = name.rsplit(".", 1)
        if prefix in bn_prefixes:
            if leaf == "weight":
                v = 1.0 + 0.1 * u
            elif leaf == "running_var":
                v = 1.0 + 0.5 * u
            else:   # bias, running_mean
                v = 0.1 * u
        elif leaf == "weight":
            fan_in = n // ref.shape[0]
            v = u * (GAIN_OVERRIDES.get(name, 1.0) * math.sqrt(3.0 / fan_in))
        elif leaf == "bias":
            v = 0.05 * u
        else:
            raise ValueError(name)
        out[name] = torch.from_numpy(v.astype(np.float32)).reshape(ref.shape)
    for k in sd:
        if k.endswith("num_batches_tracked"):
            out[k] = torch.zeros((), dtype=torch.long)
    return out, names
