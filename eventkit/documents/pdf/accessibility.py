"""PDF/UA-1 on top of WeasyPrint: the parts of the standard WeasyPrint's ``pdf/ua-1`` variant leaves out.

WeasyPrint writes the structure tree (headings, lists, tables with TH cells), the document language (``/Lang``,
from ``<html lang>``), the title shown in the window and the XMP ``pdfuaid:part`` claim. It does not say which
cells a table header cell heads: PDF/UA-1 (ISO 14289-1, 7.5) wants ``/Scope`` or ``/Headers`` on every TH.
Our templates put header cells only in ``<thead>`` rows (``<th scope="col">``), so each TH heads its column; a TH
in a body row (a user's template) heads its row.
"""

from __future__ import annotations

import io
from types import ModuleType
from typing import Any

ARCHIVAL_VARIANT = "pdf/a-3b"
ACCESSIBLE_VARIANT = "pdf/ua-1"


def add_header_scopes(pdf: bytes) -> bytes:
    """``pdf`` with ``/A << /O /Table /Scope /Column >>`` (``/Row`` outside a THead) on every TH lacking a scope."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        root = document.Root.get("/StructTreeRoot")
        if root is None:
            return pdf
        changed = _scope_cells(root, pikepdf, in_head=False, seen=set())
        if not changed:
            return pdf
        out = io.BytesIO()
        document.save(out, deterministic_id=True)
        return out.getvalue()


def _scope_cells(element: object, pikepdf: ModuleType, in_head: bool, seen: set[tuple[int, int]]) -> int:
    """Walk the structure tree from ``element``; return how many TH cells got a scope."""
    if not isinstance(element, pikepdf.Dictionary):
        if isinstance(element, pikepdf.Array):
            return sum(_scope_cells(child, pikepdf, in_head, seen) for child in element)
        return 0
    key = element.objgen if element.is_indirect else None
    if key is not None:
        if key in seen:
            return 0
        seen.add(key)
    kind = element.get("/S")
    changed = 0
    if kind == "/TH" and not _has_scope(element, pikepdf):
        attributes = pikepdf.Dictionary(
            O=pikepdf.Name.Table, Scope=pikepdf.Name.Column if in_head else pikepdf.Name.Row
        )
        existing = element.get("/A")
        if existing is None:
            element.A = attributes
        elif isinstance(existing, pikepdf.Array):
            existing.append(attributes)
        else:
            element.A = pikepdf.Array([existing, attributes])
        changed += 1
    children = element.get("/K")
    if children is not None and kind != "/TH":
        changed += _scope_cells(children, pikepdf, in_head or kind == "/THead", seen)
    return changed


def _has_scope(element: Any, pikepdf: ModuleType) -> bool:
    """Whether a TH element (a pikepdf.Dictionary) already says which cells it heads."""
    attributes = element.get("/A")
    items = list(attributes) if isinstance(attributes, pikepdf.Array) else [attributes]
    return any(isinstance(a, pikepdf.Dictionary) and ("/Scope" in a or "/Headers" in a) for a in items)
