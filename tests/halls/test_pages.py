"""The hall map page and its list (server-side: filters, distance order, bad input), the hall page,
and the guide's link to the map."""

import json

import pytest
from django.test import override_settings
from django.urls import reverse

from onestop.catalog.models import Hall, ServiceItem

pytestmark = pytest.mark.django_db


def listed(response) -> list[str]:
    config = json.loads(response.content.decode().split('id="hall-map-config" type="application/json">')[1].split("</script>")[0])
    return [m["code"] for m in config["markers"]]


def test_the_map_page_lists_every_hall_without_javascript(client):
    response = client.get("/halls/")
    assert response.status_code == 200
    html = response.content.decode()
    for hall in Hall.objects.all():
        assert hall.name in html
    assert "vendor/leaflet/leaflet." in html and client.get("/halls/map/").status_code == 200


def test_filtering_by_item_code_keeps_only_its_halls(client):
    item = ServiceItem.objects.get(name="个体工商户设立登记")
    response = client.get("/halls/", {"item": item.code})
    assert sorted(listed(response)) == sorted(item.halls.values_list("code", flat=True))
    assert "正在显示可办理" in response.content.decode()


def test_typed_item_words_find_the_item(client):
    response = client.get("/halls/", {"item_q": "社会保障卡申领"})
    assert response.status_code == 200
    assert "B440403001" in listed(response)


def test_a_typed_town_sorts_by_distance_and_names_the_nearest_hall(client):
    response = client.get("/halls/", {"q": "乾务五山", "department": "D002"})
    html = response.content.decode()
    assert listed(response)[0] == "M440403105"
    assert "离乾务镇最近" in html and "按与乾务镇的距离排序" in html


def test_geolocation_coordinates_sort_by_distance(client):
    response = client.get("/halls/", {"lat": "22.2641", "lon": "113.3199"})
    assert listed(response)[0] == "H440403106"


@pytest.mark.parametrize("params, message", [
    ({"lat": "abc", "lon": "113"}, "无法识别您的位置"),
    ({"town": "999"}, "请选择列表中的镇（街道）"),
    ({"q": "香洲区拱北"}, "没能从“香洲区拱北”判断所在镇街"),
    ({"item": "NO-SUCH-ITEM"}, "没有找到这个事项"),
    ({"item_q": "😀😀😀"}, "没有找到与“😀😀😀”相关的事项"),
    ({"department": "<script>"}, "请选择列表中的部门"),
])
def test_bad_input_gets_a_chinese_message_and_the_full_list(client, params, message):
    response = client.get("/halls/", params)
    assert response.status_code == 400
    html = response.content.decode()
    assert message in html and "<script>alert" not in html
    # every hall with coordinates gets a marker (other tests commit halls of their own, some without)
    assert len(listed(response)) == Hall.objects.exclude(latitude=None).exclude(longitude=None).count()


def test_a_very_long_address_is_cut_not_failed(client):
    assert client.get("/halls/", {"q": "井岸" + "路" * 5000}).status_code == 200


def test_the_hall_page_shows_hours_closed_days_phone_and_items(client):
    hall = Hall.objects.get(code="H440403105")
    hall.closed_days = "2099-01-05 系统升级"
    hall.save()
    html = client.get(reverse("halls:detail", args=[hall.code])).content.decode()
    assert hall.address in html and hall.phone in html and "近 7 天办公安排" in html
    assert "2099年1月5日：系统升级" in html
    assert "中午公安业务窗口不休息" in html  # the note of the 周三 segment
    assert "可办理事项" in html and "共 " in html


def test_an_unknown_hall_is_a_404(client):
    assert client.get("/halls/NOPE/").status_code == 404


def test_the_guide_links_to_its_halls_on_the_map(client):
    item = ServiceItem.objects.published().filter(halls__isnull=False).first()
    html = client.get(reverse("catalog:item", args=[item.code])).content.decode()
    assert f'/halls/?item={item.code}' in html


@override_settings(ONESTOP_MAP_TILE_URL="https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png", ONESTOP_MAP_TILE_GCJ02=False)
def test_a_configured_tile_host_is_admitted_by_the_page_policy(client):
    response = client.get("/halls/")
    assert "img-src 'self' data: blob: https://*.tile.openstreetmap.org" in response["Content-Security-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]


@override_settings(ONESTOP_MAP_TILE_URL="https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}&style=8",
                   ONESTOP_MAP_TILE_GCJ02=True)
def test_markers_are_shifted_to_gcj02_for_a_chinese_tile_layer(client):
    hall = Hall.objects.get(code="H440403000")
    config = json.loads(client.get("/halls/").content.decode().split('type="application/json">')[1].split("</script>")[0])
    marker = next(m for m in config["markers"] if m["code"] == hall.code)
    assert marker["lat"] != float(hall.latitude) and abs(marker["lon"] - float(hall.longitude)) < 0.01
