"""Delivery channels, one folder each behind one small interface: ``send(message) -> provider ref``,
raising ``TemporaryFailure`` (try again later) or ``PermanentFailure`` (never). A channel whose
store is this database (the inbox) is ``inline``: its delivery commits with the notice itself."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Protocol


@dataclass(frozen=True)
class Message:
    address: str
    title: str
    body: str
    subject: str  # e-mail only
    text: str  # the short message, or the e-mail's body
    link: str
    idempotency_key: str


class TemporaryFailure(Exception):
    """The channel could not send now (gateway down, 5xx, timeout): retry with back-off."""


class PermanentFailure(Exception):
    """The channel will never send this (bad address, refused text): fail at once."""


class Channel(Protocol):
    inline: bool
    rate_limited: bool

    def address_for(self, user) -> str:
        """Where this channel reaches the account holder, or "" when it cannot."""

    def send(self, message: Message) -> str:
        """Sends; returns the provider's reference. Raises TemporaryFailure or PermanentFailure."""


def get(name: str) -> Channel:
    return importlib.import_module(f"{__name__}.{name}").CHANNEL
