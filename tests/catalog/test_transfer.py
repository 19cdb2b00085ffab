import io
import json

import openpyxl
import pytest

from onestop.catalog.models import Material, ServiceItem
from onestop.catalog.services import export_catalog, import_catalog
from onestop.catalog.transfer import COLUMNS, ImportRejected

pytestmark = pytest.mark.django_db

HEADERS = [header for _, header, _ in COLUMNS]


def csv_file(*rows: dict) -> bytes:
    import csv

    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADERS)
    writer.writeheader()
    for row in rows:
        writer.writerow(row)
    return out.getvalue().encode("utf-8")


def good_row(code="TEST-0001", **changes) -> dict:
    row = {
        "实施编码": code,
        "事项名称": "测试事项",
        "实施部门": "区民政局",
        "事项类型": "行政给付",
        "服务对象": "个人",
        "办理方式": "全程网办",
        "法定办结时限（工作日）": "20",
        "承诺办结时限（工作日）": "5",
        "收费金额（分）": "0",
        "秒批": "是",
        "所属主题": "养老服务、社会保障",
        "办理地点": "斗门区行政服务中心",
        "申请材料": "居民身份证｜原件｜1｜必要｜居民身份证｜\n申请表｜原件｜1｜必要｜｜加盖公章",
    }
    row.update(changes)
    return row


def test_a_good_csv_is_imported_with_materials_themes_and_halls():
    created, updated = import_catalog(csv_file(good_row()), "csv")
    assert (created, updated) == (1, 0)
    item = ServiceItem.objects.get(code="TEST-0001")
    assert item.instant_approval and item.promised_days == 5 and item.department.name == "区民政局"
    assert [m.name for m in item.materials.all()] == ["居民身份证", "申请表"]
    assert item.materials.get(name="居民身份证").ecert_type.name == "居民身份证"
    assert set(item.themes.values_list("name", flat=True)) == {"社会保障", "养老服务"}


def test_a_bad_file_lists_every_bad_row_and_imports_nothing():
    before = ServiceItem.objects.count()
    rows = [
        good_row("TEST-0001"),
        good_row("TEST-0002", 事项类型="许可", 实施部门="区外星局"),
        good_row("TEST-0003", **{"承诺办结时限（工作日）": "30"}),
        good_row("TEST-0001"),
        good_row("TEST-0005", 申请材料="身份证｜原件｜1｜必要｜外星证"),
    ]
    with pytest.raises(ImportRejected) as rejected:
        import_catalog(csv_file(*rows), "csv")
    found = {(e.row, e.column) for e in rejected.value.errors}
    assert found == {
        (3, "事项类型"),
        (3, "实施部门"),
        (4, "承诺办结时限（工作日）"),
        (5, "实施编码"),
        (6, "申请材料"),
    }
    reasons = " ".join(e.reason for e in rejected.value.errors)
    assert "“许可”不是有效的事项类型" in reasons and "找不到部门“区外星局”" in reasons and "与第 2 行重复" in reasons
    assert ServiceItem.objects.count() == before
    assert not ServiceItem.objects.filter(code="TEST-0001").exists()


def test_a_failure_while_saving_rolls_back_the_whole_file(monkeypatch):
    from onestop.catalog import records

    calls = {"n": 0}
    original = Material.objects.bulk_create

    def fail_on_second(objs, *a, **kw):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(objs, *a, **kw)

    monkeypatch.setattr(records.Material.objects, "bulk_create", fail_on_second)
    with pytest.raises(RuntimeError):
        import_catalog(csv_file(good_row("TEST-A"), good_row("TEST-B")), "csv")
    assert not ServiceItem.objects.filter(code__in=["TEST-A", "TEST-B"]).exists()


def test_missing_columns_and_unknown_columns_are_reported():
    content = "实施编码,名字\nX,Y\n".encode()
    with pytest.raises(ImportRejected) as rejected:
        import_catalog(content, "csv")
    messages = [str(e) for e in rejected.value.errors]
    assert "第 1 行「名字」：不是可识别的列名" in messages
    assert "第 1 行「事项名称」：缺少必填列" in messages


def test_gb18030_csv_from_chinese_excel_is_read():
    content = csv_file(good_row()).decode().encode("gb18030")
    assert import_catalog(content, "csv") == (1, 0)


def test_garbage_is_rejected_with_a_reason():
    for fmt, content in (("json", b"{not json"), ("xlsx", b"PK\x03\x04broken"), ("csv", b"")):
        with pytest.raises(ImportRejected) as rejected:
            import_catalog(content, fmt)
        assert rejected.value.errors


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "json"])
def test_export_then_import_round_trips_without_changes(fmt):
    # The most-used items carry the complete guides (materials, themes, halls).
    codes = list(ServiceItem.objects.order_by("-annual_volume").values_list("code", flat=True)[:30])
    versions = dict(ServiceItem.objects.filter(code__in=codes).values_list("code", "version"))
    content = export_catalog(fmt, ServiceItem.objects.filter(code__in=codes))
    assert import_catalog(content, fmt) == (0, 30)
    # Nothing changed, so no version moved.
    assert dict(ServiceItem.objects.filter(code__in=codes).values_list("code", "version")) == versions


def test_an_import_that_changes_an_item_bumps_its_version():
    item = ServiceItem.objects.first()
    data = json.loads(export_catalog("json", ServiceItem.objects.filter(pk=item.pk)))
    data["items"][0]["name"] = item.name + "（调整）"
    import_catalog(json.dumps(data).encode(), "json")
    changed = ServiceItem.objects.get(pk=item.pk)
    assert changed.version == item.version + 1 and changed.name.endswith("（调整）")


def test_excel_export_has_chinese_headers():
    content = export_catalog("xlsx", ServiceItem.objects.filter(pk__in=ServiceItem.objects.values("pk")[:3]))
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == HEADERS
    assert sheet.max_row == 4


def test_management_commands_export_and_reject_a_bad_file(tmp_path):
    from django.core.management import CommandError, call_command

    out = tmp_path / "catalog.json"
    call_command("export_catalog", str(out))
    assert len(json.loads(out.read_text())["items"]) == ServiceItem.objects.count()
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_file(good_row("TEST-9", 办理方式="飞鸽传书")))
    with pytest.raises(CommandError, match="Nothing imported: 1 errors"):
        call_command("import_catalog", str(bad))
    assert not ServiceItem.objects.filter(code="TEST-9").exists()
