"""The in-app inbox: the notice row is the message, so delivering is done when the notice commits."""

from __future__ import annotations


class Inbox:
    inline = True
    rate_limited = False  # a person's own inbox is never limited

    def address_for(self, user) -> str:
        return f"user:{user.pk}"

    def send(self, message) -> str:
        return ""


CHANNEL = Inbox()
