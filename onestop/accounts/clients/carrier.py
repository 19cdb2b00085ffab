"""Carrier real-name check (运营商三要素核验): is this mobile registered to this name and ID number?

In production this is the carriers' service (directly or through a licensed aggregator); in
development the simulator in simulators/carrier (docs/simulators.md)."""

from django.conf import settings

from . import ServiceUnavailable, call

RESULTS = ("consistent", "inconsistent", "no_record")


def check(name: str, id_number: str, mobile: str) -> str:
    """One of RESULTS; ServiceUnavailable when the carrier does not answer."""
    body = {"name": name, "id_number": id_number, "mobile": mobile}
    response = call(settings.ONESTOP_CARRIER_URL, "POST", "/v1/mobile/verify", json=body)
    try:
        result = response.json().get("result") if response.status_code == 200 else None
    except (ValueError, AttributeError):  # not JSON, or not an object
        result = None
    if result not in RESULTS:
        raise ServiceUnavailable(f"HTTP {response.status_code}")
    return result
