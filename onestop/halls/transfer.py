"""Import of halls from CSV or Excel (xlsx), the same way as the catalogue's import: the file is read
whole, every row checked, and nothing is written unless every row is right; errors name the row
(the header is row 1), the column and the reason in Chinese. Rows are matched to halls by 大厅编码:
new codes are created, known ones updated. ``export_halls`` writes the same columns."""

from __future__ import annotations

import io
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import tablib
from django.db import transaction

from onestop.catalog.models import Department, Hall
from onestop.catalog.transfer import ImportRejected, RowError

from . import validation

FORMATS = ("csv", "xlsx")
MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_ROWS = 2_000
LIST_SEPARATORS = ("、", ",", "，", ";", "；")

# key, Chinese header, required
COLUMNS: list[tuple[str, str, bool]] = [
    ("code", "大厅编码", True),
    ("name", "大厅名称", True),
    ("kind", "类型", True),
    ("level", "层级", True),
    ("division_code", "行政区划代码", True),
    ("address", "地址", True),
    ("phone", "咨询电话", False),
    ("opening_hours", "办公时间", True),
    ("follows_calendar", "按法定节假日安排", False),
    ("closed_days", "临时闭厅日期", False),
    ("departments", "进驻部门", False),
    ("latitude", "纬度", False),
    ("longitude", "经度", False),
    ("source", "数据来源", False),
    ("sort_order", "排序", False),
]
_BY_HEADER = {header: key for key, header, _ in COLUMNS}
_MAX_LENGTH = {f.name: f.max_length for f in Hall._meta.fields if getattr(f, "max_length", None)}
_YES_NO = {"是": True, "否": False, "": True, "true": True, "false": False, "1": True, "0": False}


class _Invalid(Exception):
    pass


def _labels(choices) -> dict[str, str]:
    return {label: value for value, label in choices} | {value: value for value, _ in choices}


_KINDS = _labels(Hall.Kind.choices)
_LEVELS = _labels(Hall.Level.choices) | {"区级": "district", "镇级": "town", "街道": "town"}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _text(raw, key: str, header: str, required: bool) -> str:
    text = "" if raw is None else str(raw).strip()
    if "\x00" in text:
        raise _Invalid("含有不允许的控制字符")
    if required and not text:
        raise _Invalid("不能为空")
    limit = _MAX_LENGTH.get(key)
    if limit and len(text) > limit:
        raise _Invalid(f"长度不能超过 {limit} 个字符")
    return text


def _choice(text: str, mapping: dict[str, str], what: str) -> str:
    if text not in mapping:
        options = "、".join(dict.fromkeys(k for k in mapping if not k.isascii()))
        raise _Invalid(f"“{text}”不是有效的{what}（可选：{options}）")
    return mapping[text]


def _decimal(text: str) -> Decimal | None:
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise _Invalid(f"“{text}”不是数字") from None
    if not value.is_finite():
        raise _Invalid(f"“{text}”不是数字")
    return value.quantize(Decimal("0.000001"))


def _departments(text: str, known: dict[str, str]) -> list[str]:
    for separator in LIST_SEPARATORS[1:]:
        text = text.replace(separator, LIST_SEPARATORS[0])
    codes, unknown = [], []
    for part in (p.strip() for p in text.split(LIST_SEPARATORS[0])):
        if part:
            (codes if part in known else unknown).append(known.get(part, part))
    if unknown:
        raise _Invalid(f"没有这些部门：{'、'.join(unknown)}（填写部门简称或编码，以“、”分隔）")
    return list(dict.fromkeys(codes))


def _parse_row(raw: dict, known: dict[str, str]) -> tuple[dict, list[tuple[str, str]]]:
    row, errors = {}, []
    for key, header, required in COLUMNS:
        try:
            text = _text(raw.get(key), key, header, required)
            if key == "kind":
                row[key] = _choice(text, _KINDS, "类型")
            elif key == "level":
                row[key] = _choice(text, _LEVELS, "层级")
            elif key == "follows_calendar":
                row[key] = _choice(text.lower(), _YES_NO, "选项（是/否）")
            elif key == "departments":
                row[key] = _departments(text, known)
            elif key in ("latitude", "longitude"):
                row[key] = _decimal(text)
            elif key == "sort_order":
                row[key] = int(text) if text.isdigit() else (0 if not text else _bad_order(text))
            else:
                row[key] = text
        except _Invalid as exc:
            errors.append((header, str(exc)))
    checks = (
        ("opening_hours", "办公时间", validation.check_hours),
        ("closed_days", "临时闭厅日期", validation.check_closures),
        ("phone", "咨询电话", validation.check_phone),
    )
    for key, header, check in checks:
        if key in row and row[key]:
            problem = check(row[key])
            if problem:
                errors.append((header, problem))
    if "latitude" in row and "longitude" in row:
        problem = validation.check_point(row["latitude"], row["longitude"])
        if problem:
            errors.append(("纬度", problem))
    return row, errors


def _bad_order(text: str):
    raise _Invalid(f"“{text}”不是非负整数")


def _read(content: bytes, fmt: str) -> tuple[list[tuple[int, dict]], list[RowError]]:
    if fmt not in FORMATS:
        return [], [RowError(0, "", f"不支持的文件格式“{fmt}”，请使用 CSV 或 Excel（xlsx）")]
    if len(content) > MAX_FILE_BYTES:
        return [], [RowError(0, "", f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB")]
    try:
        if fmt == "csv":
            try:
                text = content.decode("utf-8-sig")
            except UnicodeDecodeError:
                text = content.decode("gb18030")  # Excel on Chinese Windows saves CSV as GB18030
            dataset = tablib.Dataset().load(text, format="csv")
        else:
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    except UnicodeDecodeError:
        return [], [RowError(0, "", "无法识别文件编码，请保存为 UTF-8 或 GB18030 编码的 CSV")]
    except Exception as exc:  # tablib and openpyxl raise many kinds of errors for a damaged file
        return [], [RowError(0, "", f"无法读取文件（{type(exc).__name__}），请确认文件格式与扩展名一致")]
    headers = [str(h or "").strip() for h in (dataset.headers or [])]
    errors = [RowError(1, h, "不是可识别的列名") for h in headers if h and h not in _BY_HEADER]
    errors += [RowError(1, header, "缺少必填列") for _, header, required in COLUMNS if required and header not in headers]
    if errors:
        return [], errors
    if dataset.height > MAX_ROWS:
        return [], [RowError(0, "", f"一次最多导入 {MAX_ROWS} 行")]
    rows = []
    for number, values in enumerate(dataset, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append((number, {_BY_HEADER[h]: v for h, v in zip(headers, values) if h}))
    return rows, []


def parse_halls(content: bytes, fmt: str) -> list[dict]:
    """The rows of a file as field dicts, or ``ImportRejected`` with every error."""
    rows, errors = _read(content, fmt)
    if not errors and not rows:
        errors = [RowError(0, "", "文件中没有大厅")]
    known = {}
    for code, name in Department.objects.values_list("code", "name"):
        known[code], known[name] = code, code
    parsed, seen = [], {}
    for number, raw in rows:
        row, problems = _parse_row(raw, known)
        errors += [RowError(number, header, reason) for header, reason in problems]
        code = row.get("code")
        if code and code in seen:
            errors.append(RowError(number, "大厅编码", f"与第 {seen[code]} 行重复"))
        elif code:
            seen[code] = number
        parsed.append(row)
    if errors:
        raise ImportRejected(errors)
    return parsed


@transaction.atomic
def import_halls(content: bytes, fmt: str) -> ImportResult:
    """Create or update every hall of the file, or change nothing (``ImportRejected``)."""
    rows = parse_halls(content, fmt)
    existing = set(Hall.objects.filter(code__in=[r["code"] for r in rows]).values_list("code", flat=True))
    departments = {d.code: d for d in Department.objects.all()}
    for row in rows:
        codes = row.pop("departments")
        hall, _ = Hall.objects.update_or_create(code=row["code"], defaults=row)  # moves the catalogue revision
        hall.departments.set([departments[c] for c in codes])
    return ImportResult(created=len(rows) - len(existing), updated=len(existing))


def export_halls(fmt: str) -> bytes:
    if fmt not in FORMATS:
        raise ValueError(fmt)
    dataset = tablib.Dataset(headers=[header for _, header, _ in COLUMNS], title="服务大厅")
    kinds, levels = dict(Hall.Kind.choices), dict(Hall.Level.choices)
    for hall in Hall.objects.prefetch_related("departments"):
        dataset.append([
            hall.code, hall.name, kinds[hall.kind], levels[hall.level], hall.division_code, hall.address, hall.phone,
            hall.opening_hours, "是" if hall.follows_calendar else "否", hall.closed_days,
            "、".join(d.name for d in hall.departments.all()),
            "" if hall.latitude is None else str(hall.latitude), "" if hall.longitude is None else str(hall.longitude),
            hall.source, hall.sort_order,
        ])
    return dataset.export(fmt) if fmt == "xlsx" else dataset.export(fmt).encode("utf-8-sig")
