"""dhref_mrcnnb: a PyTorch reference of the Double-Head-Ext models the paper's authors released
with their maskrcnn-benchmark fork (wuyuebupt/doubleheadsrcnn), written for dhscope from that
code. docs/AUTHORS_CHECKPOINTS.md states the layout and every inference rule with citations."""
from .checkpoint import load_checkpoint
from .config import AuthorsConfig
from .model import AuthorsDoubleHead

__all__ = ["AuthorsConfig", "AuthorsDoubleHead", "load_checkpoint"]
