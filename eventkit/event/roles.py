"""The roles people have in a session (chair, panellist, ...): the documented set and the event's own.

A session names people in three ways, all of which end up as roles: ``moderators`` (role "moderator"),
``[[agenda.participants]]`` (any role) and ``speakers`` (role "speaker").  The built-in roles are printed with
the labels ``role_<name>`` / ``role_<name>_plural`` (eventkit/language/labels.py); an event adds roles of its
own in ``[roles.<name>]`` with their label and plural.
"""
from __future__ import annotations

BUILT_IN_ROLES = ("chair", "co-chair", "moderator", "facilitator", "keynote", "speaker", "panellist", "discussant",
                  "rapporteur")
CHAIRING_ROLES = frozenset({"chair", "co-chair", "moderator", "facilitator"})


def known_roles(custom: dict) -> tuple[str, ...]:
    """The built-in roles, then the event's own ([roles.<name>])."""
    return BUILT_IN_ROLES + tuple(name for name in custom if name not in BUILT_IN_ROLES)


def is_chairing(role: str, custom: dict) -> bool:
    """Whether ``role`` leads the session (ROLE=CHAIR in invites; no bio is expected of it)."""
    if role in custom:
        return custom[role].chairs
    return role in CHAIRING_ROLES


def label_key(role: str, plural: bool) -> str:
    """The labels.py key of a built-in role: 'role_co_chair' or 'role_co_chair_plural'."""
    return "role_" + role.replace("-", "_") + ("_plural" if plural else "")


def role_label(role: str, count: int, custom: dict, label) -> str:
    """How ``role`` is printed before ``count`` people: the event's own [roles.<name>] first, then the built-in
    label (``label`` looks a key up in the document language's labels); an unknown role prints as written."""
    own = custom.get(role)
    if own is not None:
        return (own.plural or own.label + "s") if count > 1 else own.label
    if role in BUILT_IN_ROLES:
        return label(label_key(role, count > 1))
    return role
