"""Where each invitee stands: invited or not (no e-mail), their answer to the invitation, and attendance."""

from __future__ import annotations

from ..event.model import Event
from .replies import Answers, answer
from .reply_messages import ANSWERS


def status_headers(event: Event) -> tuple[str, ...]:
    """The columns of :func:`status_rows`: one "attended" column, and one per day with a recorded report when the
    event has several days ("2027-03-16" ...)."""
    days = event.recorded_days if len(event.days) > 1 else []
    return ("id", "name", "e-mail", "invited", "reply", "date", "attended", *(d.isoformat() for d in days), "comment")


def status_rows(event: Event, replies: Answers) -> list[tuple[str, ...]]:
    """(id, name, e-mail, invited, reply, date, attended, per day ..., comment) for every invitee, then anyone else who was
    present (see :func:`status_headers`).

    "invited" is "yes", or "no e-mail"; "reply" is accepted, declined or tentative to the whole event (or
    "accepted: opening" for answers to session invitations only), "-" when there is none; "attended" is
    "yes"/"no" once attendance has been recorded (the one record: `eventkit attendance` and [attendance]
    present), else empty; each day's column is "yes"/"no" by that day's reports; "comment" is the reply's COMMENT."""
    recorded = event.attendance_known
    days = event.recorded_days if len(event.days) > 1 else []
    people = list(event.invitees) + [
        p for p in event.people.values() if p.id in event.present and p.id not in event.invitee_ids
    ]
    rows = []
    for person in people:
        partstat, date, comment = answer(event, replies, person.email) if person.email else ("", "", "")
        reply = ANSWERS.get(partstat, "")
        if person.email and not reply:
            sessions = [(s.id, answer(event, replies, person.email, s.id)[0]) for s in event.agenda]
            reply = ", ".join(f"{ANSWERS[p]}: {sid}" for sid, p in sessions if p in ANSWERS)
        attended = ("yes" if person.id in event.present else "no") if recorded else ""
        each_day = tuple("yes" if person.id in event.present_on(day) else "no" for day in days)
        rows.append(
            (
                person.id,
                person.full_name,
                person.email or "-",
                ("yes" if person.id in event.invitee_ids else "not invited") if person.email else "no e-mail",
                reply or "-",
                date[:10] or "-",
                attended,
                *each_day,
                comment,
            )
        )
    return rows


def status_summary(event: Event, rows: list[tuple[str, ...]]) -> str:
    """'12 invited: 5 accepted, 1 declined, 0 tentative, 6 no reply; 2 without e-mail; 9 present'."""
    invited = [r for r in rows if r[3] == "yes"]
    counts = {word: sum(1 for r in invited if r[4] == word) for word in ANSWERS.values()}
    silent = sum(1 for r in invited if r[4] == "-")
    no_email = sum(1 for r in rows if r[3] == "no e-mail")
    text = (
        f"{len(invited)} invited: "
        + ", ".join(f"{n} {word}" for word, n in counts.items())
        + f", {silent} no reply; {no_email} without e-mail"
    )
    if event.attendance_known:
        text += f"; {len(event.present)} present"
        if len(event.recorded_days) > 1:
            text += (
                " ("
                + ", ".join(f"{day.isoformat()}: {len(event.present_on(day))}" for day in event.recorded_days)
                + ")"
            )
    return text
