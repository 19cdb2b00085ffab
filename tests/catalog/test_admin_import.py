import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.catalog.models import ServiceItem

pytestmark = pytest.mark.django_db


def test_admin_import_page_shows_every_bad_row(admin_client):
    content = "实施编码,事项名称,实施部门,事项类型,服务对象,办理方式\nX-1,甲,区民政局,许可,个人,全程网办\nX-2,,区民政局,行政许可,个人,网办\n"
    upload = SimpleUploadedFile("items.csv", content.encode(), content_type="text/csv")
    response = admin_client.post("/admin/catalog/serviceitem/import/", {"file": upload})
    html = response.content.decode()
    assert response.status_code == 400
    assert "文件未导入，共发现 3 处错误" in html
    assert "第 2 行" in html and "第 3 行" in html
    assert not ServiceItem.objects.filter(code__startswith="X-").exists()


def test_admin_import_accepts_a_good_file(admin_client):
    content = "实施编码,事项名称,实施部门,事项类型,服务对象,办理方式\nX-1,测试事项,区民政局,行政许可,个人,全程网办\n"
    upload = SimpleUploadedFile("items.csv", content.encode(), content_type="text/csv")
    response = admin_client.post("/admin/catalog/serviceitem/import/", {"file": upload})
    assert response.status_code == 302
    assert ServiceItem.objects.get(code="X-1").name == "测试事项"


def test_admin_refuses_other_file_types(admin_client):
    upload = SimpleUploadedFile("items.exe", b"MZ", content_type="application/octet-stream")
    response = admin_client.post("/admin/catalog/serviceitem/import/", {"file": upload})
    assert "仅支持 .csv、.xlsx、.json 文件" in response.content.decode()


@pytest.mark.parametrize("fmt, kind", [("csv", "text/csv"), ("xlsx", "spreadsheetml"), ("json", "application/json")])
def test_admin_exports_the_whole_catalogue(admin_client, fmt, kind):
    response = admin_client.get(f"/admin/catalog/serviceitem/export/{fmt}/")
    assert response.status_code == 200 and kind in response["Content-Type"]
    assert "attachment" in response["Content-Disposition"]


def test_anonymous_users_cannot_import_or_export(client):
    assert client.get("/admin/catalog/serviceitem/export/csv/").status_code == 302
    assert client.get("/admin/catalog/serviceitem/import/").status_code == 302


def test_admin_item_pages_render(admin_client):
    item = ServiceItem.objects.first()
    assert admin_client.get("/admin/catalog/serviceitem/").status_code == 200
    assert admin_client.get(f"/admin/catalog/serviceitem/{item.pk}/change/").status_code == 200
