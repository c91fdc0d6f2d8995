"""``doc()``: a dataclass field with its documentation attached, shared by the model's modules."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import field
from typing import Any, TypeAlias, TypeVar, overload

_T = TypeVar("_T")

# A type annotation as a value, read at run time (str, tuple[Person, ...], Literal["a", "b"], X | None ...): the
# loader and the schema walk the model's annotations. Python has no static type for such a value (PEP 747 proposes
# TypeForm): it is any object, inspected with typing.get_origin / get_args.
TypeForm: TypeAlias = object


# Typed like dataclasses.field: the field's default (or what its factory makes) is checked against the annotation.
@overload
def doc(
    text: str, *, multiline: bool = False, together_with: str = "", translatable: bool = False, default: _T
) -> _T: ...
@overload
def doc(
    text: str,
    *,
    multiline: bool = False,
    together_with: str = "",
    translatable: bool = False,
    default_factory: Callable[[], _T],
) -> _T: ...
@overload
def doc(text: str, *, multiline: bool = False, together_with: str = "", translatable: bool = False) -> Any: ...


def doc(
    text: str, *, multiline: bool = False, together_with: str = "", translatable: bool = False, **kwargs: Any
) -> Any:
    """A dataclass field with its documentation attached (the JSON Schema's descriptions and the documentation's field
    reference are made from it: see model_description).

    Text fields are one line (no line breaks or other control characters) unless ``multiline`` is set:
    the Markdown fields, whose paragraphs and bullets need line breaks. ``together_with`` names an optional field
    that must be given whenever this one is (a session's start and end): the schema says so (dependentRequired);
    the loader checks it in clock_checks.check_start_and_end. ``translatable``: free text that an event issued in
    several languages translates (its texts, the items of its list or the values of its table): written as
    ``{en = "...", fr = "..."}`` in the event file or translated in a translation file beside it (see
    :mod:`eventkit.event.translated_text` and :mod:`eventkit.language.translation`)."""
    metadata = {
        "doc": text,
        **({"multiline": True} if multiline else {}),
        **({"together_with": together_with} if together_with else {}),
        **({"translatable": True} if translatable else {}),
    }
    return field(metadata=metadata, **kwargs)
