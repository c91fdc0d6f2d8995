"""``doc()``: a dataclass field with its documentation attached, shared by the model's modules."""
from __future__ import annotations

from dataclasses import field


def doc(text: str, *, multiline: bool = False, **kwargs):
    """A dataclass field with its documentation attached (used by the README and the scaffold).

    Text fields are one line (no line breaks or other control characters) unless ``multiline`` is set:
    the Markdown fields, whose paragraphs and bullets need line breaks."""
    return field(metadata={"doc": text, **({"multiline": True} if multiline else {})}, **kwargs)
