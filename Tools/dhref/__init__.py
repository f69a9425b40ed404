"""dhref: a PyTorch reference implementation of Double-Head R-CNN inference
with mmdetection (v2/v3) semantics, plus the Double-Head-Ext outputs.

Written for dhscope; see Tools/README.md for the exact conventions."""
from .config import DetectorConfig
from .detector import DoubleHeadDetector

__all__ = ["DetectorConfig", "DoubleHeadDetector"]
