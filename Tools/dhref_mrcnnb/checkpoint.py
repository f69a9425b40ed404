"""The authors' checkpoint container: maskrcnn-benchmark's Checkpointer.save writes
{"model": state_dict, "optimizer": ..., "scheduler": ..., "iteration": int} with torch.save; the
model was wrapped in DistributedDataParallel while training (tools/train_net.py), so every name
starts with "module.", which utils/model_serialization.py strips when ALL names carry it."""
from __future__ import annotations

import torch

from .config import AuthorsConfig
from .model import AuthorsDoubleHead

PREFIX = "module."


def state_dict_of(obj) -> dict:
    """The state_dict inside a loaded checkpoint ("model" entry, or the object itself), prefix stripped."""
    sd = obj["model"] if isinstance(obj, dict) and "model" in obj else obj
    if sd and all(k.startswith(PREFIX) for k in sd):
        sd = {k[len(PREFIX):]: v for k, v in sd.items()}
    return dict(sd)


def load_checkpoint(path: str, **overrides):
    """Builds the model a checkpoint file describes and loads it strictly (every tensor named,
    shaped and present). overrides: settings no tensor records (num_group, conv_expand, ...)."""
    obj = torch.load(path, map_location="cpu", weights_only=True)
    sd = state_dict_of(obj)
    cfg = AuthorsConfig.from_state_dict(sd, **overrides)
    model = AuthorsDoubleHead(cfg)
    model.load_state_dict(sd, strict=True)
    return model.eval()
