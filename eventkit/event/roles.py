"""The roles people have in a session (chair, panellist, ...): the documented set and the event's own.

A session names people in three ways, all of which end up as roles: ``moderators`` (role "moderator"),
``[[agenda.participants]]`` (any role) and ``speakers`` (role "speaker").  The built-in roles are printed with
the labels ``role_<name>`` / ``role_<name>_plural`` (eventkit/language/labels.py); an event adds roles of its
own in ``[roles.<name>]`` with their label and plural.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from .programme_model import RoleName

BUILT_IN_ROLES = (
    "chair",
    "co-chair",
    "moderator",
    "facilitator",
    "keynote",
    "speaker",
    "panellist",
    "discussant",
    "rapporteur",
)
CHAIRING_ROLES = frozenset({"chair", "co-chair", "moderator", "facilitator"})


def known_roles(custom: Mapping[str, RoleName]) -> tuple[str, ...]:
    """The built-in roles, then the event's own ([roles.<name>])."""
    return BUILT_IN_ROLES + tuple(name for name in custom if name not in BUILT_IN_ROLES)


def is_chairing(role: str, custom: Mapping[str, RoleName]) -> bool:
    """Whether ``role`` leads the session (ROLE=CHAIR in invites; no bio is expected of it): a built-in chairing role
    (also when [roles.<name>] only gives it a wording of its own), or one of the event's with ``chairs = true``."""
    return role in CHAIRING_ROLES or (role in custom and custom[role].chairs)


def label_key(role: str, plural: bool) -> str:
    """The labels.py key of a built-in role: 'role_co_chair' or 'role_co_chair_plural'."""
    return "role_" + role.replace("-", "_") + ("_plural" if plural else "")


def role_label(role: str, count: int, custom: Mapping[str, RoleName], label: Callable[[str], str]) -> str:
    """How ``role`` is printed before ``count`` people: the event's own [roles.<name>] first (its label as written;
    false or "" for none), then the built-in label (``label`` looks a key up in the document language's labels);
    an unknown role prints as written."""
    own = custom.get(role)
    written = own.label if own is not None else None
    if written is False or written == "":
        return ""
    if own is not None and isinstance(written, str):
        return (own.plural or written + "s") if count > 1 else written
    if role in BUILT_IN_ROLES:
        return label(label_key(role, count > 1))
    return role
