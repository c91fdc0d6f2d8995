"""Conversions of the event file's values that go beyond one plain type: unions chosen by the value's own TOML
type (``person = "a"`` or ``person = ["a", "b"]``; ``heading = "..."`` or ``heading = false``), whole numbers and
true/false; and how error messages name types and values.  Used by :class:`eventkit.event.load._Reader`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import typing
from typing import Any, Protocol

from .model_fields import TypeForm
from .positions import KeyPath


class ValueReader(Protocol):
    """What these conversions need of the loader's reader (:class:`eventkit.event.load._Reader`): a converted
    value is of the type the annotation says, or None with its problem recorded."""

    languages: tuple[str, tuple[str, ...]]  # (written in, issued in), as the file says

    def report(
        self,
        path: KeyPath,
        message: str,
        hint: str = "",
        *,
        severity: str = "error",
        needle: str = "",
        at_key: bool = False,
    ) -> None: ...

    def convert(self, value: object, tp: TypeForm, path: KeyPath) -> Any: ...

    def convert_text(self, value: object, path: KeyPath) -> str | None: ...

    def wrong_type(self, value: object, tp: TypeForm, path: KeyPath, hint: str = "") -> None: ...


def _accepts(tp: TypeForm, value: object) -> bool:
    """Whether ``value``'s TOML type is the kind of thing ``tp`` describes (not whether it is valid)."""
    origin = typing.get_origin(tp)
    if tp is bool:
        return isinstance(value, bool)
    if tp is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if tp is str or origin is typing.Literal:
        return isinstance(value, str)
    if origin is tuple:
        return isinstance(value, list)
    if origin is dict or dataclasses.is_dataclass(tp):
        return isinstance(value, dict)
    if tp is dt.date:
        return isinstance(value, dt.date) and not isinstance(value, dt.datetime)
    if tp is dt.time:
        return isinstance(value, (dt.time, str))
    return False


def convert_union(reader: ValueReader, value: object, tp: TypeForm, path: KeyPath) -> Any:
    """The first option of ``tp`` whose kind matches ``value`` (else the first option, for its error message)."""
    options = [a for a in typing.get_args(tp) if a is not type(None)]
    chosen = next((o for o in options if _accepts(o, value)), options[0])
    return reader.convert(value, chosen, path)


def convert_scalar(reader: ValueReader, value: object, tp: TypeForm, path: KeyPath) -> int | None:
    """A whole number (``int``, not negative) or a flag (``bool``); None (with a recorded problem) otherwise."""
    if tp is bool:
        if isinstance(value, bool):
            return value
        reader.wrong_type(value, tp, path, "write true or false, without quotes")
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        if value < 0:
            reader.report(path, f"{value} is negative", "write a count of 0 or more")
            return None
        return value
    reader.wrong_type(value, tp, path, "write a whole number without quotes, e.g. 12")
    return None


def text_or_default(value: str | bool | None, default: str) -> str:
    """A text field that can be switched off: absent or ``true`` → ``default``; ``false`` or "" → empty."""
    if value is None or value is True:
        return default
    if value is False:
        return ""
    return value


def type_name(tp: TypeForm) -> str:
    """How an error message names what a field expects: "a date like 2021-03-24", "a list [...]", ..."""
    origin = typing.get_origin(tp)
    if tp is str:
        return "text"
    if tp is dt.date:
        return "a date like 2021-03-24"
    if tp is dt.time:
        return 'a time like "09:30" or 09:30:00'
    if tp in (int, bool):
        return "a whole number" if tp is int else "true or false"
    if origin is typing.Literal:
        return "one of " + ", ".join(repr(a) for a in typing.get_args(tp))
    if origin is tuple:
        return "a list [...]"
    if origin is dict or dataclasses.is_dataclass(tp):
        return "a table"
    return getattr(tp, "__name__", str(tp))


def value_name(value: object) -> str:
    """How an error message names the TOML type of what was written: "text", "a number", "a table", ..."""
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, str):
        return "text"
    if isinstance(value, (int, float)):
        return "a number"
    if isinstance(value, dt.datetime):
        return "a date-time"
    if isinstance(value, dt.date):
        return "a date"
    if isinstance(value, dt.time):
        return "a time"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a table"
    return type(value).__name__
