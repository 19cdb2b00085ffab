"""nearest_open_halls: distance order, item and department filters, open only, bad points."""

import random
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from onestop.catalog.models import Hall, ServiceItem
from onestop.halls import services

pytestmark = pytest.mark.django_db
TZ = ZoneInfo("Asia/Shanghai")
THURSDAY_10 = datetime(2026, 12, 3, 10, 0, tzinfo=TZ)
SUNDAY_10 = datetime(2026, 12, 6, 10, 0, tzinfo=TZ)
QIANWU = (22.1720, 113.2000)


def test_halls_come_nearest_first():
    found = services.nearest_open_halls(lat=QIANWU[0], lon=QIANWU[1], at=THURSDAY_10, limit=20)
    distances = [e.distance_km for e in found]
    assert distances == sorted(distances) and len(found) > 3
    assert found[0].hall.code == "H440403105"  # the 乾务 centre itself


def test_only_halls_handling_the_item_are_returned():
    item = ServiceItem.objects.get(name="个体工商户设立登记")
    found = services.nearest_open_halls(item=item, lat=QIANWU[0], lon=QIANWU[1], at=THURSDAY_10, limit=20)
    codes = {e.hall.code for e in found}
    assert codes == set(item.halls.values_list("code", flat=True))
    assert found[0].hall.code == "M440403105"  # 乾务市场监管所, not the town centre
    assert services.nearest_open_halls(item=item.code, lat=QIANWU[0], lon=QIANWU[1], at=THURSDAY_10, limit=20) == found


def test_the_department_filter_keeps_halls_where_it_has_a_window():
    found = services.nearest_open_halls(department="D002", lat=QIANWU[0], lon=QIANWU[1], at=THURSDAY_10, limit=20)
    assert {e.hall.kind for e in found} <= {Hall.Kind.MARKET_OFFICE, Hall.Kind.ADMIN_CENTRE}
    assert len(found) == 5


def test_on_sunday_only_the_bank_areas_are_open():
    found = services.nearest_open_halls(lat=QIANWU[0], lon=QIANWU[1], at=SUNDAY_10, limit=20)
    assert found and {e.hall.kind for e in found} == {Hall.Kind.BANK_KIOSK}
    closed_too = services.nearest_open_halls(lat=QIANWU[0], lon=QIANWU[1], at=SUNDAY_10, limit=20, open_only=False)
    assert len(closed_too) > len(found)
    assert closed_too[0].status.next_open == datetime(2026, 12, 7, 8, 30, tzinfo=TZ)


def test_an_item_handled_nowhere_open_gives_an_empty_list():
    item = ServiceItem.objects.get(name="个体工商户设立登记")
    assert services.nearest_open_halls(item=item, lat=QIANWU[0], lon=QIANWU[1], at=SUNDAY_10) == []


@pytest.mark.parametrize("lat, lon", [(91, 113), (22, float("nan")), ("x", 1)])
def test_a_point_off_the_globe_is_refused(lat, lon):
    with pytest.raises(ValueError):
        services.nearest_open_halls(lat=lat, lon=lon)


def test_typed_address_falls_back_to_the_town_centre():
    origin = services.origin_from_text("斗门区白蕉镇灯笼村")
    assert origin.label == "白蕉镇"
    found = services.nearest_open_halls(lat=origin.lat, lon=origin.lon, at=THURSDAY_10, limit=1)
    assert found[0].hall.division_code == "440403106"


def _brute_force(item, lat, lon, at, limit, open_only):
    """The nearest halls as computed before the database filter: every hall, exact distance, sorted."""
    found = [e for e in services.entries(services.halls(item), at=at, lat=lat, lon=lon) if e.distance_km is not None]
    return [e for e in found if e.is_open or not open_only][:limit]


@pytest.mark.parametrize("open_only", [True, False])
def test_the_database_box_finds_the_same_halls_as_measuring_every_hall(open_only):
    rng = random.Random(7)
    town = Hall.objects.get(code="H440403105")
    for n in range(40):  # spread over Doumen and far beyond, so the box has to widen
        spread = 0.2 if n < 30 else 3.0
        Hall.objects.create(code=f"T{n:03d}", name=f"测试站 {n}", level=Hall.Level.TOWN, division_code="440403105",
                            address="测试", opening_hours=town.opening_hours if n % 3 else "周六至周日 9:00-12:00",
                            latitude=round(22.25 + rng.uniform(-spread, spread), 6),
                            longitude=round(113.28 + rng.uniform(-spread, spread), 6))
    item = ServiceItem.objects.filter(halls=town).first()
    for hall in Hall.objects.filter(code__startswith="T")[:25]:
        hall.items.add(item)
    for lat, lon in [(22.25, 113.28), (22.9, 114.1), (25.0, 110.0), (-33.9, 151.2)]:
        for wanted_item in (None, item):
            for limit in (1, 3, 60):
                got = services.nearest_open_halls(item=wanted_item, lat=lat, lon=lon, at=THURSDAY_10, limit=limit,
                                                  open_only=open_only)
                expected = _brute_force(wanted_item, lat, lon, THURSDAY_10, limit, open_only)
                assert [e.hall.code for e in got] == [e.hall.code for e in expected], (lat, lon, wanted_item, limit)


def test_limit_zero_finds_nothing():
    assert services.nearest_open_halls(lat=QIANWU[0], lon=QIANWU[1], at=THURSDAY_10, limit=0) == []
