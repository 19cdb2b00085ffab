"""SMS through the gateway (the simulator in development: simulators/sms_gateway). The gateway adds
the signature 【ONESTOP_SMS_SIGN】 and dedupes retries by the delivery's Idempotency-Key."""

from __future__ import annotations

import re

from onestop.accounts.clients import ServiceUnavailable, sms

from .. import Message, PermanentFailure, TemporaryFailure

MOBILE = re.compile(r"1\d{10}")


class Sms:
    inline = False
    rate_limited = True

    def address_for(self, user) -> str:
        person = getattr(user, "person", None)
        return user.mobile or (person.mobile if person is not None else "") or ""

    def send(self, message: Message) -> str:
        if not MOBILE.fullmatch(message.address):
            raise PermanentFailure("手机号码无效")
        if not message.text:
            raise PermanentFailure("该模板没有短信正文")
        try:
            return sms.send_notice(message.address, message.text, message.idempotency_key)
        except ServiceUnavailable as exc:
            raise TemporaryFailure(f"短信网关暂不可用（{exc}）") from None
        except sms.Rejected as exc:
            raise PermanentFailure(f"短信网关拒收（{exc}）") from None


CHANNEL = Sms()
