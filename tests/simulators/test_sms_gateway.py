"""The SMS-gateway simulator, over HTTP (and its bounded outbox, directly)."""

from __future__ import annotations

from simulators.sms_gateway.app import Outbox

OTP_TEXT = "【斗门政务】您的验证码为123456，5分钟内有效。请勿泄露给他人。"


def _otp(to: str, code: str = "123456", **extra: object) -> dict:
    return {"to": to, "template": "otp", "params": {"code": code}, "sign": "斗门政务", **extra}


def test_healthz(sms):
    reply = sms.get("/healthz", token="")
    assert reply.status == 200 and reply.body["simulated"] is True
    assert reply.headers["X-Simulator"] == "sms-gateway"


def test_send_is_accepted_and_recorded_with_the_rendered_text(sms):
    reply = sms.post("/v1/messages", _otp("13800000101"))
    assert reply.status == 202
    assert reply.body["status"] == "accepted" and reply.body["message_id"].startswith("sim-")
    [message] = sms.get("/v1/messages?to=13800000101").body["messages"]
    assert message["message_id"] == reply.body["message_id"]
    assert message["text"] == OTP_TEXT
    assert message["params"] == {"code": "123456"}


def test_list_is_newest_first_limited_and_filtered(sms):
    for code in ("111111", "222222", "333333"):
        assert sms.post("/v1/messages", _otp("13800000102", code)).status == 202
    sms.post("/v1/messages", _otp("13800000103", "999999"))
    reply = sms.get("/v1/messages?to=13800000102&limit=2")
    assert reply.body["simulated"] is True
    assert [m["params"]["code"] for m in reply.body["messages"]] == ["333333", "222222"]
    assert sms.get("/v1/messages?limit=1").body["messages"][0]["to"] == "13800000103"


def test_default_sign(sms):
    body = _otp("13800000104")
    del body["sign"]
    assert sms.post("/v1/messages", body).status == 202
    assert sms.get("/v1/messages?to=13800000104").body["messages"][0]["text"] == OTP_TEXT


def test_invalid_messages_are_422(sms):
    for to in ("1380000010", "23800000105", "138000001050", "1380000010a", 13800000105, None):
        reply = sms.post("/v1/messages", _otp(to))
        assert (reply.status, reply.body["code"]) == (422, "invalid_mobile"), to
        assert reply.headers["Content-Type"] == "application/problem+json"
    assert sms.post("/v1/messages", {**_otp("13800000105"), "template": "ad"}).body["code"] == "unknown_template"
    assert sms.post("/v1/messages", _otp("13800000105", "12ab")).body["code"] == "invalid_params"
    extra = sms.post("/v1/messages", {**_otp("13800000105"), "params": {"code": "1234", "x": "1"}})
    assert extra.status == 422 and extra.body["errors"] == [{"param": "x", "reason": "模板没有该参数"}]
    assert sms.post("/v1/messages", {**_otp("13800000105"), "sign": "【假】"}).body["code"] == "invalid_sign"
    assert sms.get("/v1/messages?to=13800000105").body["messages"] == []


def test_oversized_body_is_413(sms):
    reply = sms.post("/v1/messages", _otp("1" * 70_000))
    assert (reply.status, reply.body["code"]) == (413, "payload_too_large")


def test_list_parameters_are_checked(sms):
    for query in ("limit=0", "limit=101", "limit=x", "to=123"):
        reply = sms.get(f"/v1/messages?{query}")
        assert (reply.status, reply.body["code"]) == (422, "invalid_parameter"), query


def test_idempotency_key(sms):
    key = {"Idempotency-Key": "otp-13800000106-1"}
    first = sms.post("/v1/messages", _otp("13800000106"), headers=key)
    again = sms.post("/v1/messages", _otp("13800000106"), headers=key)
    assert again.status == 202 and again.body["message_id"] == first.body["message_id"]
    assert len(sms.get("/v1/messages?to=13800000106").body["messages"]) == 1
    conflict = sms.post("/v1/messages", _otp("13800000106", "654321"), headers=key)
    assert (conflict.status, conflict.body["code"]) == (409, "idempotency_conflict")


def test_token_is_required(sms):
    assert sms.post("/v1/messages", _otp("13800000107"), token="").status == 401
    assert sms.get("/v1/messages", token="nope").body["code"] == "invalid_token"


def test_outbox_keeps_only_the_last_messages():
    outbox = Outbox(3)
    for i in range(5):
        outbox.add({"message_id": str(i), "to": "13800000108", "idempotency_key": f"k{i}"}, f"k{i}")
    assert [m["message_id"] for m in outbox.newest(None, 10)] == ["4", "3", "2"]
    assert set(outbox.by_key) == {"k2", "k3", "k4"}


def test_a_notice_carries_the_platforms_text_after_the_signature(sms):
    body = {"to": "13800000199", "template": "notice", "params": {"text": "您申请的“居民身份证换领”已受理。"}, "sign": "斗门政务"}
    assert sms.post("/v1/messages", body).status == 202
    [message] = sms.get("/v1/messages?to=13800000199&limit=1").body["messages"]
    assert message["text"] == "【斗门政务】您申请的“居民身份证换领”已受理。"
    assert sms.post("/v1/messages", {**body, "params": {"text": "两行\n文字"}}).status == 422
