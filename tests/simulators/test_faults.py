"""Fault injection (/_sim/faults), the same on every simulator; faults reach /v1/* only."""

from __future__ import annotations

import time

import pytest

# One cheap /v1 read per simulator.
PROBES = {"population": "/v1/households/999999999999", "sms": "/v1/messages?limit=1"}


@pytest.fixture(params=sorted(PROBES))
def sim(request: pytest.FixtureRequest):
    return request.param, request.getfixturevalue(request.param)


def _timed_get(client, path: str):
    start = time.monotonic()
    reply = client.get(path)
    return reply, time.monotonic() - start


def test_delay_is_observed_on_v1_only(sim):
    name, client = sim
    assert client.post("/_sim/faults", {"delay_ms": 400}).body == {"delay_ms": 400, "fail_rate": 0.0, "status": 503, "fail_next": 0, "hold_response_ms": 0}
    reply, elapsed = _timed_get(client, PROBES[name])
    assert reply.status in (200, 404) and elapsed >= 0.4
    _, health_elapsed = _timed_get(client, "/healthz")
    assert health_elapsed < 0.3


@pytest.mark.parametrize("status", [503, 500])
def test_fail_rate_one_always_fails_with_the_status(sim, status):
    name, client = sim
    client.post("/_sim/faults", {"fail_rate": 1, "status": status})
    for _ in range(3):
        reply = client.get(PROBES[name])
        assert (reply.status, reply.body["code"]) == (status, "simulated_fault")
    # The control endpoint itself is never faulted.
    assert client.get("/_sim/faults").body["fail_rate"] == 1.0


def test_failed_send_is_not_recorded(sms):
    sms.post("/_sim/faults", {"fail_rate": 1})
    assert sms.post("/v1/messages", {"to": "13800000201", "template": "otp", "params": {"code": "1234"}}).status == 503
    sms.request("DELETE", "/_sim/faults")
    assert sms.get("/v1/messages?to=13800000201").body["messages"] == []


def test_delete_clears_faults(sim):
    name, client = sim
    client.post("/_sim/faults", {"fail_rate": 1, "delay_ms": 10})
    assert client.request("DELETE", "/_sim/faults").body == {"delay_ms": 0, "fail_rate": 0.0, "status": 503, "fail_next": 0, "hold_response_ms": 0}
    assert client.get(PROBES[name]).status in (200, 404)
    assert client.get(PROBES[name]).body.get("code") != "simulated_fault"


@pytest.mark.parametrize("body", [{"delay_ms": -1}, {"delay_ms": "5"}, {"fail_rate": 1.5}, {"status": 200}, {"status": True}])
def test_invalid_faults_are_422_and_change_nothing(sim, body):
    _, client = sim
    reply = client.post("/_sim/faults", body)
    assert (reply.status, reply.body["code"]) == (422, "invalid_faults")
    assert client.get("/_sim/faults").body == {"delay_ms": 0, "fail_rate": 0.0, "status": 503, "fail_next": 0, "hold_response_ms": 0}
