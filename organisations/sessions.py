"""Sessions in the database, as Django keeps them, with one difference: when the
database is away while a session is saved (every request saves it), that is the fault
it is, and the fault page answers 503 (organisations.views.server_error).

Django reads any failed update as a session deleted by a concurrent request and answers
"Bad Request (400)", outside the house style and without saying what to do.
"""

from __future__ import annotations

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import InterfaceError, OperationalError


class SessionStore(db.SessionStore):
    def save(self, must_create: bool = False) -> None:
        try:
            super().save(must_create=must_create)
        except UpdateError as error:
            # Raised while handling the database's own error: that error is its context.
            if isinstance(error.__context__, OperationalError | InterfaceError):
                raise error.__context__ from None
            raise
