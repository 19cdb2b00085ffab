"""Clients of outside systems used for accounts: the population register (实名核验) and the SMS
gateway. Each is a small module over HTTP; in development they talk to the simulators in
``simulators/`` (see docs/simulators.md), in production to the real systems at the configured URLs."""

from __future__ import annotations

import functools
import ssl

import httpx
from django.conf import settings


@functools.cache
def _tls() -> ssl.SSLContext:
    # Loading the CA bundle costs ~20 ms (600 ms on a loaded machine); httpx would do it for every
    # client made. One context per process, shared read-only.
    return ssl.create_default_context()


class ServiceUnavailable(Exception):
    """The outside system did not answer in time or answered with an error."""


def client(base_url: str) -> httpx.Client:
    return httpx.Client(
        base_url=base_url,
        timeout=settings.ONESTOP_OUTSIDE_TIMEOUT_SECONDS,
        verify=_tls(),
        headers={"Authorization": f"Bearer {settings.ONESTOP_SIMULATOR_TOKEN}"},
    )


def call(base_url: str, method: str, path: str, **kwargs) -> httpx.Response:
    try:
        with client(base_url) as http:
            response = http.request(method, path, **kwargs)
    except httpx.HTTPError as exc:
        raise ServiceUnavailable(f"{type(exc).__name__}") from None
    if response.status_code >= 500 or response.status_code in (401, 403, 429):
        raise ServiceUnavailable(f"HTTP {response.status_code}")
    return response
