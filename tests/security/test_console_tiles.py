"""The console shows each role only what it can use: every tile on a staff member's home page opens,
and a page a role may not use says which role it needs (issue 13: tiles that led to 403)."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.test import Client

from onestop.accounts.models import User
from onestop.console.views import TILES

pytestmark = pytest.mark.django_db

STAFF = ["d009-window", "d009-reviewer", "d009-department", "d002-window", "d002-reviewer", "d002-department", "admin"]


def _client(username: str) -> Client:
    client = Client()
    client.force_login(User.objects.get(username=username))
    return client


@pytest.mark.parametrize("username", STAFF)
def test_every_tile_on_a_staff_home_page_opens(username):
    client = _client(username)
    home = client.get("/console/")
    assert home.status_code == 200
    links = re.findall(r'<ul class="department-grid">(.*?)</ul>', home.content.decode(), re.S)
    hrefs = re.findall(r'href="([^"]+)"', links[0]) if links else []
    assert hrefs, "a staff member with roles sees at least one tile"
    for href in hrefs:
        response = client.get(href, follow=True)
        assert response.status_code == 200, f"{username}: tile {href} does not open"
        assert "login" not in response.request["PATH_INFO"], f"{username}: tile {href} asks to log in"


def test_window_staff_see_no_tile_for_the_reviewers_queue():
    page = _client("d009-window").get("/console/").content.decode()
    assert "扫码查验" in page and "待办件" not in page and "数据源状态" not in page
    assert "角色：窗口人员" in page


def test_tiles_cover_every_console_check():
    assert all(getattr(check, "needs", None) for *_, check in TILES), "each tile's check says which roles it admits"


def test_a_forbidden_page_tells_staff_which_role_it_needs():
    response = _client("d009-window").get("/console/cases/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "该功能仅限审批人员或部门管理员使用" in page and "您当前的角色为窗口人员" in page
    assert "请使用工作人员账号登录" not in page and "返回工作台" in page


def test_a_forbidden_page_tells_a_citizen_how_to_proceed():
    citizen = User.objects.filter(kind="citizen").order_by("pk").first()
    client = Client()
    client.force_login(citizen)
    response = client.get("/console/cases/")
    assert response.status_code == 403
    assert "请使用工作人员账号登录" in response.content.decode()


def test_staff_login_page_names_the_site_not_the_host():
    page = Client().get("/accounts/staff-login/", HTTP_HOST="127.0.0.1:18800").content.decode()
    assert "127.0.0.1:18800" not in page
    assert settings.ONESTOP_SITE_NAME in page

