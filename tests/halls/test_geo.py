"""Distances on WGS-84, GCJ-02 conversion for Chinese tile layers, typed town fallback."""

import math

import coordTransform
import pytest

from onestop.halls import geo, places


def test_one_degree_of_latitude_is_about_111_km():
    assert geo.haversine_km(22.0, 113.0, 23.0, 113.0) == pytest.approx(111.19, abs=0.05)


def test_beijing_to_shanghai_is_about_1067_km():
    assert geo.haversine_km(39.9042, 116.4074, 31.2304, 121.4737) == pytest.approx(1067, rel=0.01)


def test_distance_is_symmetric_and_zero_at_the_same_point():
    assert geo.haversine_km(22.29, 113.29, 22.29, 113.29) == 0
    assert geo.haversine_km(22.29, 113.29, 22.17, 113.20) == pytest.approx(geo.haversine_km(22.17, 113.20, 22.29, 113.29))


def test_gcj02_shifts_doumen_by_a_few_hundred_metres_and_back():
    lat, lon = 22.2934, 113.2956
    mlat, mlon = geo.to_map(lat, lon, gcj02=True)
    shift = geo.haversine_km(lat, lon, mlat, mlon)
    assert 0.2 < shift < 0.9  # the published offset in Guangdong is roughly 500-600 m
    back_lon, back_lat = coordTransform.gcj02_to_wgs84(mlon, mlat)
    assert geo.haversine_km(lat, lon, back_lat, back_lon) < 0.005


def test_wgs84_layers_and_points_outside_china_are_not_shifted():
    assert geo.to_map(22.2934, 113.2956, gcj02=False) == (22.2934, 113.2956)
    assert geo.to_map(48.8566, 2.3522, gcj02=True) == pytest.approx((48.8566, 2.3522))


@pytest.mark.parametrize("lat, lon", [("abc", "113"), ("91", "113"), ("22", "181"), ("nan", "113"), (None, 1)])
def test_invalid_points_are_refused(lat, lon):
    assert geo.valid_point(lat, lon) is None


@pytest.mark.parametrize("text, town", [
    ("珠海市斗门区白蕉镇新沙路18号", "白蕉镇"),
    ("乾务五山", "乾务镇"),
    ("我住在小濠冲村", "斗门镇"),
    ("白藤湖", "白藤街道"),
    ("井岸镇白藤山", "井岸镇"),  # 白藤山 is in 井岸, not 白藤街道: the longer name wins
    ("莲洲", "莲洲镇"),
])
def test_typed_places_find_their_town(text, town):
    assert places.find_town(text).name == town


@pytest.mark.parametrize("text", ["", "珠海市斗门区", "香洲区拱北", "<script>alert(1)</script>", "😀" * 50])
def test_text_naming_no_town_finds_none(text):
    assert places.find_town(text) is None


def test_every_town_has_a_distinct_code_and_a_point_in_doumen():
    assert len({t.code for t in places.TOWNS}) == 6
    for town in places.TOWNS:
        assert 22.1 < town.lat < 22.45 and 113.15 < town.lon < 113.4


@pytest.mark.parametrize("lat, lon, radius", [(22.25, 113.3, 5.0), (0.0, 179.99, 50.0), (-60.0, -20.0, 800.0),
                                              (89.9, 10.0, 30.0), (22.25, 113.3, 12000.0)])
def test_the_bounding_box_holds_every_point_of_the_circle(lat, lon, radius):
    box = geo.bounding_box(lat, lon, radius)
    for bearing in range(0, 360, 5):  # points on the circle's edge, just inside
        b = math.radians(bearing)
        d = radius * 0.999 / geo.EARTH_RADIUS_KM
        phi1, lmb1 = math.radians(lat), math.radians(lon)
        phi2 = math.asin(math.sin(phi1) * math.cos(d) + math.cos(phi1) * math.sin(d) * math.cos(b))
        lmb2 = lmb1 + math.atan2(math.sin(b) * math.sin(d) * math.cos(phi1), math.cos(d) - math.sin(phi1) * math.sin(phi2))
        plat, plon = math.degrees(phi2), (math.degrees(lmb2) + 540) % 360 - 180
        assert geo.haversine_km(lat, lon, plat, plon) <= radius
        assert box.south <= plat <= box.north and box.west <= plon <= box.east, (bearing, plat, plon, box)


def test_a_small_box_is_small():
    box = geo.bounding_box(22.25, 113.3, 5.0)
    assert box.north - box.south == pytest.approx(2 * 5.0 / 111.2, rel=0.01)
    assert 0.09 < box.east - box.west < 0.1  # longitude degrees are shorter at 22° N
