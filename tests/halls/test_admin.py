"""The admin's hall form checks hours and coordinates like the import; import and export pages."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from onestop.catalog.models import Hall

pytestmark = pytest.mark.django_db


def form_data(hall: Hall, **changes) -> dict:
    data = {
        "code": hall.code, "name": hall.name, "kind": hall.kind, "level": hall.level, "division_code": hall.division_code,
        "sort_order": hall.sort_order, "address": hall.address, "phone": hall.phone,
        "latitude": str(hall.latitude), "longitude": str(hall.longitude), "opening_hours": hall.opening_hours,
        "follows_calendar": "on", "closed_days": "", "departments": [d.pk for d in hall.departments.all()],
        "source": hall.source,
    }
    data.update(changes)
    return data


def test_the_form_refuses_unreadable_hours_and_swapped_coordinates(admin_client):
    hall = Hall.objects.get(code="H440403107")
    url = f"/admin/catalog/hall/{hall.pk}/change/"
    response = admin_client.post(url, form_data(hall, opening_hours="工作日上午", latitude="113.295", longitude="22.287"))
    html = response.content.decode()
    assert response.status_code == 200  # the form again, with the errors
    assert "不是星期" in html or "应以星期开头" in html
    assert "纬度与经度是否填反了" in html
    assert Hall.objects.get(pk=hall.pk).opening_hours == hall.opening_hours


def test_the_form_saves_good_hours_and_a_closure_day(admin_client):
    hall = Hall.objects.get(code="H440403107")
    url = f"/admin/catalog/hall/{hall.pk}/change/"
    data = form_data(hall, opening_hours="周一至周五 9:00-17:00", closed_days="2099-05-06 搬迁")
    assert admin_client.post(url, data).status_code == 302
    assert Hall.objects.get(pk=hall.pk).closed_days == "2099-05-06 搬迁"


def test_the_import_page_lists_row_errors_and_export_downloads(admin_client):
    upload = SimpleUploadedFile("halls.csv", "大厅编码,大厅名称\nX1,测试\n".encode(), content_type="text/csv")
    response = admin_client.post("/admin/catalog/hall/import/", {"file": upload})
    assert response.status_code == 400 and "缺少必填列" in response.content.decode()
    response = admin_client.get("/admin/catalog/hall/export/xlsx/")
    assert response.status_code == 200 and "spreadsheetml" in response["Content-Type"]
