"""Hall import (CSV / XLSX through tablib): all or nothing, every error with its row and column."""

import csv
import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from onestop.catalog.models import Hall
from onestop.catalog.transfer import ImportRejected
from onestop.halls import transfer

pytestmark = pytest.mark.django_db
HEADERS = [header for _, header, _ in transfer.COLUMNS]


def row(code="T440403901", **changes) -> dict:
    values = {
        "大厅编码": code, "大厅名称": "测试便民服务站", "类型": "镇街服务中心", "层级": "镇（街道）级",
        "行政区划代码": "440403106", "地址": "珠海市斗门区白蕉镇测试路 1 号", "咨询电话": "0756-5530001",
        "办公时间": "周一至周五 8:30-12:00，14:30-17:30", "按法定节假日安排": "是", "临时闭厅日期": "",
        "进驻部门": "区民政局、D007", "纬度": "22.2641", "经度": "113.3199", "数据来源": "测试", "排序": "90",
    }
    values.update(changes)
    return values


def csv_bytes(*rows: dict, encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=HEADERS)
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def errors_of(content: bytes, fmt: str = "csv") -> list[str]:
    with pytest.raises(ImportRejected) as caught:
        transfer.import_halls(content, fmt)
    return [str(e) for e in caught.value.errors]


def test_a_good_csv_creates_a_hall_with_its_departments():
    result = transfer.import_halls(csv_bytes(row()), "csv")
    assert (result.created, result.updated) == (1, 0)
    hall = Hall.objects.get(code="T440403901")
    assert hall.kind == Hall.Kind.TOWN_CENTRE and hall.follows_calendar
    assert sorted(hall.departments.values_list("code", flat=True)) == ["D007", "D008"]
    assert float(hall.latitude) == pytest.approx(22.2641)


def test_importing_again_updates_by_code():
    transfer.import_halls(csv_bytes(row()), "csv")
    result = transfer.import_halls(csv_bytes(row(地址="珠海市斗门区白蕉镇测试路 2 号", 进驻部门="")), "csv")
    assert (result.created, result.updated) == (0, 1)
    hall = Hall.objects.get(code="T440403901")
    assert hall.address.endswith("2 号") and hall.departments.count() == 0


def test_gb18030_csv_from_excel_is_read():
    transfer.import_halls(csv_bytes(row(), encoding="gb18030"), "csv")
    assert Hall.objects.filter(code="T440403901", name="测试便民服务站").exists()


def test_every_bad_row_is_reported_and_nothing_is_written():
    before = Hall.objects.count()
    found = errors_of(csv_bytes(
        row("T1", 办公时间="周一到周五 上午"),
        row("T2", 纬度="113.3199", 经度="22.2641"),
        row("T3", 类型="服务站"),
        row("T4", 进驻部门="区不存在局"),
        row("T5", 临时闭厅日期="2026-13-01 检修"),
        row("T1"),
    ))
    assert Hall.objects.count() == before
    assert found[0].startswith("第 2 行「办公时间」：")
    assert any(e.startswith("第 3 行「纬度」：坐标不在中国境内（纬度与经度是否填反了？）") for e in found)
    assert any(e.startswith("第 4 行「类型」：“服务站”不是有效的类型") for e in found)
    assert "第 5 行「进驻部门」：没有这些部门：区不存在局（填写部门简称或编码，以“、”分隔）" in found
    assert any(e.startswith("第 6 行「临时闭厅日期」：") for e in found)
    assert "第 7 行「大厅编码」：与第 2 行重复" in found


def test_missing_required_cells_and_columns_are_named():
    assert errors_of(csv_bytes(row(地址="  "))) == ["第 2 行「地址」：不能为空"]
    content = "大厅编码,大厅名称,颜色\nT1,测试\n".encode()
    found = errors_of(content)
    assert "第 1 行「颜色」：不是可识别的列名" in found
    assert "第 1 行「办公时间」：缺少必填列" in found


def test_a_damaged_or_empty_file_is_refused_politely():
    assert errors_of(b"PK\x03\x04 not really a workbook", "xlsx")[0].startswith("文件：无法读取文件")
    assert errors_of(",".join(HEADERS).encode()) == ["文件：文件中没有大厅"]
    assert errors_of(b"x", "json") == ["文件：不支持的文件格式“json”，请使用 CSV 或 Excel（xlsx）"]


def test_an_export_imports_back_unchanged():
    before = {h.code: (h.opening_hours, h.address, h.follows_calendar) for h in Hall.objects.all()}
    content = transfer.export_halls("xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    assert [c.value for c in sheet[1]] == HEADERS
    result = transfer.import_halls(content, "xlsx")
    assert result.created == 0 and result.updated == len(before)
    assert {h.code: (h.opening_hours, h.address, h.follows_calendar) for h in Hall.objects.all()} == before


def test_the_command_lists_errors(tmp_path):
    path = tmp_path / "halls.csv"
    path.write_bytes(csv_bytes(row(咨询电话="call me")))
    with pytest.raises(CommandError, match="第 2 行「咨询电话」"):
        call_command("import_halls", str(path))
