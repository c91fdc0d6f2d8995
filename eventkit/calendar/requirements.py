"""What an event needs before any calendar invite can be made for it (imported by `build` without the iCalendar
library: an unchanged rebuild does not load it)."""

from __future__ import annotations

from ..errors import BuildError
from ..event.model import Event
from ..event.parts import Organiser


def invite_problem(event: Event) -> str | None:
    """Why no calendar invite can be made for ``event`` (None when one can): `check` warns about it, `build`
    leaves invite.ics out and says so, `invites` stops."""
    if event.organiser is None or not event.organiser.email:
        return (
            'calendar invites need the organiser\'s e-mail (the ORGANIZER): add email = "..." to the first '
            "[[organisers]]"
        )
    return None


def invite_organiser(event: Event) -> Organiser:
    """The ORGANIZER of ``event``'s invites and the sender of its e-mails: its first organiser, who has an e-mail
    (BuildError when there is none: callers check :func:`invite_problem` first)."""
    problem = invite_problem(event)
    if problem or event.organiser is None:
        raise BuildError(problem or "the event has no organiser")
    return event.organiser
