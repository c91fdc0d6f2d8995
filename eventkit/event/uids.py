"""The invitations' UIDs (RFC 5545): one for the event and one per session, made from the event's id alone, so
that a calendar keeps one entry per meeting whatever else changes in the event file."""

from __future__ import annotations

from .model import Event


def event_uid(event: Event) -> str:
    return f"{event.id}@eventkit"


def session_uid(event: Event, session_id: str) -> str:
    return f"{event.id}.{session_id}@eventkit"
