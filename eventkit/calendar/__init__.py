"""Event → invites: iCalendar files, VTIMEZONE, e-mail invitations (iMIP) and sending."""
