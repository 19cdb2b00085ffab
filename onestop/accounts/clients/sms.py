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
