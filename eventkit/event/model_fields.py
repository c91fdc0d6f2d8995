"""``doc()``: a dataclass field with its documentation attached, shared by the model's modules."""
from __future__ import annotations

from dataclasses import field


def doc(text: str, **kwargs):
    """A dataclass field with its documentation attached (used by the README and the scaffold)."""
    return field(metadata={"doc": text}, **kwargs)
