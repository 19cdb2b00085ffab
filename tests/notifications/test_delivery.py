"""Sending: the SMS gateway simulator for real, its injected faults, back-off, permanent failure,
rate limits, and never sending a delivery twice."""

import datetime as dt

from django.utils import timezone

from onestop.notifications import delivery, services
from onestop.notifications.models import Delivery

from .conftest import only, sent_to

CASE = {"item": "居民身份证换领", "number": "DM-TEST-2"}


def _sms(user, key=None):
    return only(services.notify(user, "case.submitted", CASE, dedupe_key=key), "sms")


def test_an_sms_is_delivered_through_the_gateway_with_the_signature(user, gateway):
    sms = _sms(user)
    assert delivery.deliver(sms.pk) == "delivered"
    sms.refresh_from_db()
    [message] = sent_to(gateway, user.mobile)
    assert message["text"] == "【斗门政务】您申请的“居民身份证换领”已提交，办件编号DM-TEST-2，可在“我的办件”查看进度。"
    assert (sms.status, sms.attempts, sms.provider_ref, sms.segments) == ("delivered", 1, message["message_id"], 1)
    assert sms.delivered_at is not None and sms.lease_until is None


def test_a_delivered_delivery_is_never_sent_again(user, gateway):
    sms = _sms(user)
    assert delivery.deliver(sms.pk) == "delivered"
    assert delivery.deliver(sms.pk) is None
    assert delivery.deliver(sms.pk, timezone.now() + dt.timedelta(days=1)) is None
    assert len(sent_to(gateway, user.mobile)) == 1


def test_a_gateway_5xx_is_retried_with_exponential_back_off(user, gateway, settings):
    settings.ONESTOP_NOTIFY_RETRY_BASE_SECONDS = 30
    gateway.post("/_sim/faults", {"fail_next": 2, "status": 503})
    sms = _sms(user)
    now = timezone.now()
    assert delivery.deliver(sms.pk, now) == "queued"
    sms.refresh_from_db()
    assert (sms.attempts, sms.next_attempt_at, sms.status) == (1, now + dt.timedelta(seconds=30), "queued")
    assert "503" in sms.reason
    assert delivery.deliver(sms.pk, now + dt.timedelta(seconds=29)) is None  # not yet due
    assert delivery.deliver(sms.pk, now + dt.timedelta(seconds=30)) == "queued"
    sms.refresh_from_db()
    assert (sms.attempts, sms.next_attempt_at) == (2, now + dt.timedelta(seconds=90))  # 30 s, then 60 s
    assert delivery.deliver(sms.pk, now + dt.timedelta(seconds=90)) == "delivered"
    assert len(sent_to(gateway, user.mobile)) == 1


def test_attempts_are_capped(user, gateway, settings):
    settings.ONESTOP_NOTIFY_MAX_ATTEMPTS = 3
    gateway.post("/_sim/faults", {"fail_next": 5, "status": 502})
    sms = _sms(user)
    now = timezone.now()
    outcomes = [delivery.deliver(sms.pk, now + dt.timedelta(hours=i)) for i in range(4)]
    assert outcomes == ["queued", "queued", "failed", None]
    sms.refresh_from_db()
    assert sms.status == "failed" and sms.attempts == 3 and "已重试3次" in sms.reason


def test_a_refused_message_fails_at_once(user, gateway):
    sms = _sms(user)
    Delivery.objects.filter(pk=sms.pk).update(address="12345")  # a number the gateway refuses
    assert delivery.deliver(sms.pk) == "failed"
    sms.refresh_from_db()
    assert sms.attempts == 1 and sms.reason == "手机号码无效"


def test_a_gateway_422_is_permanent(user, gateway, settings):
    settings.ONESTOP_SMS_SIGN = "斗"  # the gateway refuses a one-character signature
    sms = _sms(user)
    assert delivery.deliver(sms.pk) == "failed"
    sms.refresh_from_db()
    assert sms.attempts == 1 and "invalid_sign" in sms.reason


def test_the_gateway_down_is_a_temporary_failure(user, settings):
    settings.ONESTOP_SMS_URL = "http://127.0.0.1:9"  # nothing listens there
    sms = _sms(user)
    assert delivery.deliver(sms.pk) == "queued"
    sms.refresh_from_db()
    assert "暂不可用" in sms.reason


def test_sms_over_the_hourly_limit_fails_as_rate_limited_and_the_inbox_still_gets_it(user, gateway, settings):
    settings.ONESTOP_NOTIFY_RATE_LIMITS = {"sms": 2, "email": 30}
    outcomes = [delivery.deliver(_sms(user, key=f"rate:{i}").pk) for i in range(3)]
    assert outcomes == ["delivered", "delivered", "failed"]
    assert Delivery.objects.filter(channel="sms", address=user.mobile, reason="rate_limited").count() == 1
    assert services.unread_count(user) == 3  # the inbox is never limited
    assert len(sent_to(gateway, user.mobile)) == 2


def test_a_delivery_whose_sender_died_is_claimed_again_after_its_lease(user, gateway, settings):
    settings.ONESTOP_NOTIFY_LEASE_SECONDS = 60
    sms = _sms(user)
    now = timezone.now()
    assert delivery.claim(sms.pk, now)  # a worker claimed it, then was killed before sending
    assert delivery.deliver(sms.pk, now + dt.timedelta(seconds=30)) is None  # its claim still stands
    assert sms.pk in delivery.due(now + dt.timedelta(seconds=61))  # other tests commit deliveries of their own
    assert delivery.deliver(sms.pk, now + dt.timedelta(seconds=61)) == "delivered"
    assert len(sent_to(gateway, user.mobile)) == 1


def test_a_resend_after_a_lost_answer_is_one_message_at_the_gateway(user, gateway):
    sms = _sms(user)
    gateway.post("/_sim/faults", {"hold_response_ms": 5000})
    settings_timeout = delivery.settings.ONESTOP_OUTSIDE_TIMEOUT_SECONDS
    delivery.settings.ONESTOP_OUTSIDE_TIMEOUT_SECONDS = 0.5
    try:
        assert delivery.deliver(sms.pk) == "queued"  # the gateway sent it, but the answer never came
    finally:
        delivery.settings.ONESTOP_OUTSIDE_TIMEOUT_SECONDS = settings_timeout
    gateway.request("DELETE", "/_sim/faults")
    assert delivery.deliver(sms.pk, timezone.now() + dt.timedelta(hours=1)) == "delivered"
    assert len(sent_to(gateway, user.mobile)) == 1  # the same Idempotency-Key


def test_a_channel_that_crashes_fails_the_delivery_with_a_reason(user, gateway, monkeypatch):
    from onestop.notifications.channels import sms as sms_channel

    def broken(message):
        raise ValueError("Header values can't contain newlines")

    monkeypatch.setattr(sms_channel.CHANNEL, "send", broken)
    sms = _sms(user)
    assert delivery.deliver(sms.pk) == "failed"
    sms.refresh_from_db()
    assert sms.reason == "发送出错（ValueError）" and sms.lease_until is None


def test_a_delivery_whose_senders_keep_dying_stops(user, gateway, settings):
    settings.ONESTOP_NOTIFY_MAX_ATTEMPTS = 2
    sms = _sms(user)
    now = timezone.now()
    for n in range(2):
        assert delivery.claim(sms.pk, now + dt.timedelta(hours=n))  # claimed, then the worker was killed
    assert delivery.deliver(sms.pk, now + dt.timedelta(hours=3)) == "failed"
    assert sent_to(gateway, user.mobile) == []
