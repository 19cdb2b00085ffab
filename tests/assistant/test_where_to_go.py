"""Where to go: each answered item lists the halls that handle it with their status now, open ones
first, nearest first from the asker's place (the browser's location, a chosen town, or a town the
question names)."""

import datetime as dt

import pytest
from django.utils import timezone

from onestop.assistant import services
from onestop.catalog.models import ServiceItem
from onestop.halls import services as halls

pytestmark = pytest.mark.django_db
CLIENT = "192.0.2.44"


def _ordered(entries):
    """Open halls before closed ones; within each, distances never decrease (halls without coordinates last)."""
    flags = [not e.is_open for e in entries]
    assert flags == sorted(flags)
    for group in (True, False):
        distances = [e.distance_km for e in entries if e.is_open == group]
        known = [d for d in distances if d is not None]
        assert known == sorted(known)
        assert distances == known + [None] * (len(distances) - len(known))


def _item_with_many_halls() -> ServiceItem:
    return next(i for i in ServiceItem.objects.published().order_by("code")
                if i.halls.filter(latitude__isnull=False).count() >= 3)


def test_a_town_named_in_the_question_measures_the_distances():
    answer = services.answer("井岸镇哪里办社保卡", CLIENT)
    assert answer.origin is not None and answer.origin.label == "井岸镇"
    with_halls = [a for a in answer.items if a.halls]
    assert with_halls
    for a in with_halls:
        assert all(isinstance(e, halls.HallEntry) for e in a.halls)
        _ordered(a.halls)
        assert any(e.distance_km is not None for e in a.halls)


def test_a_given_place_wins_over_the_question_and_orders_the_halls_by_distance():
    item = _item_with_many_halls()
    baijiao = halls.origin_from_text("白蕉镇")
    answer = services.answer(f"{item.name} 井岸镇", CLIENT, origin=baijiao)
    assert answer.origin == baijiao
    monday_morning = timezone.make_aware(dt.datetime(2026, 12, 7, 10, 0))
    entries = services.halls_for(item, baijiao, at=monday_morning)
    assert len(entries) == item.halls.count()
    _ordered(entries)
    sunday = timezone.make_aware(dt.datetime(2026, 12, 6, 10, 0))
    closed = services.halls_for(item, baijiao, at=sunday)
    assert not any(e.is_open for e in closed if e.hall.kind != "bank_kiosk")  # service centres close on Sundays
    _ordered(closed)


def test_without_a_place_the_halls_come_with_their_status_but_no_distance():
    answer = services.answer("孩子上户口要带什么", CLIENT)
    assert answer.origin is None
    first = answer.items[0]
    assert first.halls and all(e.distance_km is None for e in first.halls)


def test_the_page_takes_a_town_and_says_so_and_bad_coordinates_are_a_message(client):
    response = client.get("/assistant/", {"q": "办理居住证", "town": "440403106"})
    assert response.status_code == 200
    assert "距离按白蕉镇计算" in response.content.decode()
    response = client.get("/assistant/", {"q": "办理居住证", "lat": "abc", "lon": "113"})
    assert response.status_code == 200
    assert "无法识别您的位置" in response.content.decode()
    response = client.get("/assistant/", {"q": "办理居住证", "town": "999"})
    assert response.status_code == 200 and "请选择列表中的镇（街道）" in response.content.decode()
