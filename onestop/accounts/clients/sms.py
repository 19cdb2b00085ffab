"""SMS gateway: sends one-time codes. The text template lives at the gateway (as with real providers)."""

from django.conf import settings

from . import ServiceUnavailable, call


def send_otp(mobile: str, code: str) -> str:
    response = call(
        settings.ONESTOP_SMS_URL,
        "POST",
        "/v1/messages",
        json={"to": mobile, "template": "otp", "params": {"code": code}, "sign": settings.ONESTOP_SMS_SIGN},
    )
    if response.status_code != 202:
        raise ServiceUnavailable(f"HTTP {response.status_code}")
    return response.json()["message_id"]


class Rejected(Exception):
    """The gateway refused the message for good (bad number, text it will not carry): do not retry."""


def send_notice(mobile: str, text: str, idempotency_key: str) -> str:
    """Sends a notice already rendered by the platform (the gateway adds the signature). The
    Idempotency-Key makes a retry after a lost answer a no-op at the gateway. Raises
    ServiceUnavailable (try again later) or Rejected (never)."""
    response = call(
        settings.ONESTOP_SMS_URL,
        "POST",
        "/v1/messages",
        json={"to": mobile, "template": "notice", "params": {"text": text}, "sign": settings.ONESTOP_SMS_SIGN},
        headers={"Idempotency-Key": idempotency_key},
    )
    if response.status_code != 202:
        try:
            code = response.json().get("code", "")
        except ValueError:
            code = ""
        raise Rejected(f"HTTP {response.status_code} {code}".strip())
    return response.json()["message_id"]
