"""Import and export of the catalogue as CSV, Excel (xlsx) or JSON.

A file is read whole and every row is checked before anything is written: a bad file is rejected
with the list of all its bad rows (row number, column, reason in Chinese) and changes nothing.
Spreadsheet columns have Chinese headers; JSON uses the English keys of ``COLUMNS``.
"""

from __future__ import annotations

import io
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import tablib

from .models import Handling, ItemStatus, ItemType, Material
from .records import ItemRecord, MaterialRecord

FORMATS = ("csv", "xlsx", "json")
MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 20_000
LIST_SEPARATOR = "、"
MATERIAL_SEPARATOR = "｜"


@dataclass(frozen=True)
class RowError:
    row: int  # 1-based row of the spreadsheet (header is row 1) or position in the JSON list
    column: str  # Chinese column header
    reason: str

    def __str__(self) -> str:
        where = f"第 {self.row} 行" if self.row else "文件"
        return f"{where}「{self.column}」：{self.reason}" if self.column else f"{where}：{self.reason}"


class ImportRejected(Exception):
    def __init__(self, errors: list[RowError]):
        super().__init__(f"{len(errors)} 处错误")
        self.errors = errors


@dataclass(frozen=True)
class Lookups:
    """Names and codes that rows may refer to, read from the database once per import."""

    departments: dict[str, str]  # code or name -> code
    themes: dict[str, str]  # code or name -> code
    halls: dict[str, str]  # code or name -> code
    cert_types: frozenset[str]


# key, Chinese header, required
COLUMNS: list[tuple[str, str, bool]] = [
    ("code", "实施编码", True),
    ("basic_code", "基本编码", False),
    ("name", "事项名称", True),
    ("department", "实施部门", True),
    ("item_type", "事项类型", True),
    ("audience", "服务对象", True),
    ("handling", "办理方式", True),
    ("statutory_days", "法定办结时限（工作日）", False),
    ("promised_days", "承诺办结时限（工作日）", False),
    ("fee_fen", "收费金额（分）", False),
    ("fee_note", "收费说明", False),
    ("legal_basis", "设定依据", False),
    ("conditions", "受理条件", False),
    ("procedure", "办理流程", False),
    ("visits", "到现场次数", False),
    ("instant_approval", "秒批", False),
    ("process_key", "办理流程代码", False),
    ("annual_volume", "年办件量", False),
    ("status", "状态", False),
    ("themes", "所属主题", False),
    ("halls", "办理地点", False),
    ("materials", "申请材料", False),
]
HEADER = {key: header for key, header, _ in COLUMNS}
_BY_HEADER = {header: key for key, header, _ in COLUMNS}

_AUDIENCE = {"个人": (True, False), "法人": (False, True), "个人、法人": (True, True), "个人和法人": (True, True)}
_YES_NO = {"是": True, "否": False, "true": True, "false": False, "1": True, "0": False, "": False}
_REQUIRED_WORDS = {"必要": True, "必需": True, "是": True, "非必要": False, "非必需": False, "否": False, "容缺": False}


class _Invalid(Exception):
    pass


def _label_map(choices) -> dict[str, str]:
    # Accept both the Chinese label and the stored value.
    mapping = {label: value for value, label in choices}
    mapping.update({value: value for value, _ in choices})
    return mapping


_TYPES = _label_map(ItemType.choices)
_HANDLINGS = _label_map(Handling.choices)
_STATUSES = _label_map(ItemStatus.choices)
_FORMS = _label_map(Material.Form.choices)


def _text(value, max_length: int | None = None, required: bool = False) -> str:
    text = "" if value is None else str(value).strip()
    if "\x00" in text:
        raise _Invalid("含有不允许的控制字符")
    if required and not text:
        raise _Invalid("不能为空")
    if max_length and len(text) > max_length:
        raise _Invalid(f"长度不能超过 {max_length} 个字符")
    return text


def _int(value, *, minimum: int = 0, maximum: int = 2_000_000_000) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, bool):
        raise _Invalid("应为整数")
    if isinstance(value, float):
        if not value.is_integer():
            raise _Invalid(f"“{value}”不是整数")
        value = int(value)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise _Invalid(f"“{value}”不是整数") from None
    if not minimum <= number <= maximum:
        raise _Invalid(f"应在 {minimum} 到 {maximum} 之间")
    return number


def _choice(value, mapping: dict[str, str], what: str) -> str:
    text = _text(value, required=True)
    if text not in mapping:
        options = "、".join(dict.fromkeys(k for k in mapping if not k.isascii()))
        raise _Invalid(f"“{text}”不是有效的{what}（可选：{options}）")
    return mapping[text]


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = _text(value).lower()
    if text not in _YES_NO:
        raise _Invalid(f"“{text}”应填写“是”或“否”")
    return _YES_NO[text]


def _split_list(value) -> list[str]:
    if isinstance(value, list):
        return [_text(v) for v in value if _text(v)]
    text = _text(value).replace(",", LIST_SEPARATOR).replace("，", LIST_SEPARATOR)
    return [part.strip() for part in text.split(LIST_SEPARATOR) if part.strip()]


def _references(value, mapping: dict[str, str], what: str) -> list[str]:
    codes = []
    for name in _split_list(value):
        if name not in mapping:
            raise _Invalid(f"找不到{what}“{name}”")
        codes.append(mapping[name])
    return list(dict.fromkeys(codes))


def _materials(value, lookups: Lookups) -> list[MaterialRecord]:
    if isinstance(value, list):  # JSON
        rows = value
    else:
        rows = [line for line in _text(value).splitlines() if line.strip()]
    materials = []
    for index, row in enumerate(rows, start=1):
        try:
            materials.append(_material(row, lookups))
        except _Invalid as exc:
            raise _Invalid(f"第 {index} 项材料{exc}") from None
    return materials


def _material(row, lookups: Lookups) -> MaterialRecord:
    if isinstance(row, dict):
        parts = [row.get(k) for k in ("name", "form", "count", "required", "ecert", "note")]
        required = row.get("required", True)
    elif isinstance(row, str):
        parts = [p.strip() for p in row.replace("|", MATERIAL_SEPARATOR).split(MATERIAL_SEPARATOR)]
        if len(parts) > 6:
            raise _Invalid("的栏目多于 6 个（名称｜形式｜份数｜必要/非必要｜电子证照｜备注）")
        parts += [None] * (6 - len(parts))
        required = _REQUIRED_WORDS.get(_text(parts[3]) or "必要")
        if required is None:
            raise _Invalid(f"“{parts[3]}”应填写“必要”或“非必要”")
    else:
        raise _Invalid("格式不正确")
    name = _text(parts[0], 200)
    if not name:
        raise _Invalid("缺少材料名称")
    form = _choice(parts[1] or "原件", _FORMS, "材料形式")
    count = _int(parts[2], minimum=1, maximum=100) or 1
    ecert = _text(parts[4]) or None
    if ecert and ecert not in lookups.cert_types:
        raise _Invalid(f"中的电子证照“{ecert}”不在证照目录中")
    if not isinstance(required, bool):
        raise _Invalid("的“必要”应为 true 或 false")
    fields = row.get("ecert_fields") if isinstance(row, dict) else None  # only JSON carries it
    well_formed = isinstance(fields, list) and all(isinstance(f, str) and 0 < len(f) <= 40 for f in fields)
    if fields is not None and not well_formed:
        raise _Invalid("的“ecert_fields”应为字段代码的列表")
    return MaterialRecord(name=name, form=form, count=count, required=required, ecert=ecert,
                          note=_text(parts[5], 300), ecert_fields=fields)


def _procedure(value) -> list[str]:
    if isinstance(value, list):
        steps = [_text(v, 60) for v in value]
    else:
        steps = [_text(s, 60) for s in _text(value).replace("→", "\n").splitlines()]
    return [s for s in steps if s]


def _parse_row(raw: dict, lookups: Lookups) -> tuple[ItemRecord | None, list[tuple[str, str]]]:
    """Turn one raw row (keys from COLUMNS) into a record, or the list of (column key, reason)."""
    errors: list[tuple[str, str]] = []
    values: dict = {}

    def field(key: str, parse: Callable):
        try:
            values[key] = parse(raw.get(key))
        except _Invalid as exc:
            errors.append((key, str(exc)))

    field("code", lambda v: _text(v, 80, required=True))
    field("basic_code", lambda v: _text(v, 40))
    field("name", lambda v: _text(v, 200, required=True))
    field("department", lambda v: _references(_text(v, required=True), lookups.departments, "部门")[0])
    field("item_type", lambda v: _choice(v, _TYPES, "事项类型"))
    field("audience", lambda v: _choice(v, {k: k for k in _AUDIENCE}, "服务对象"))
    field("handling", lambda v: _choice(v, _HANDLINGS, "办理方式"))
    field("statutory_days", lambda v: _int(v, maximum=3650))
    field("promised_days", lambda v: _int(v, maximum=3650))
    field("fee_fen", lambda v: _int(v) or 0)
    field("fee_note", lambda v: _text(v, 300))
    field("legal_basis", lambda v: _text(v, 5000))
    field("conditions", lambda v: _text(v, 5000))
    field("procedure", _procedure)
    field("visits", lambda v: _int(v, maximum=10))
    field("instant_approval", _bool)
    field("process_key", lambda v: _text(v, 100))
    field("annual_volume", lambda v: _int(v) or 0)
    field("status", lambda v: _choice(v or "已发布", _STATUSES, "状态"))
    field("themes", lambda v: _references(v, lookups.themes, "主题"))
    field("halls", lambda v: _references(v, lookups.halls, "服务大厅"))
    field("materials", lambda v: _materials(v, lookups))
    statutory, promised = values.get("statutory_days"), values.get("promised_days")
    if statutory is not None and promised is not None and promised > statutory:
        errors.append(("promised_days", "承诺时限不能长于法定时限"))
    if errors:
        return None, errors
    for_person, for_company = _AUDIENCE[values.pop("audience")]
    return ItemRecord(for_person=for_person, for_company=for_company, **values), []


def read_rows(content: bytes, fmt: str) -> tuple[list[tuple[int, dict]], list[RowError]]:
    """Raw rows keyed by column key, each with its row number; or file-level errors."""
    if fmt not in FORMATS:
        return [], [RowError(0, "", f"不支持的文件格式“{fmt}”，请使用 CSV、Excel（xlsx）或 JSON")]
    if len(content) > MAX_FILE_BYTES:
        return [], [RowError(0, "", f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB")]
    if fmt == "json":
        return _read_json(content)
    return _read_table(content, fmt)


def _read_json(content: bytes) -> tuple[list[tuple[int, dict]], list[RowError]]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as exc:
        return [], [RowError(0, "", f"不是有效的 JSON 文件（{exc}）")]
    if isinstance(data, dict):
        data = data.get("items")
    if not isinstance(data, list):
        return [], [RowError(0, "", "JSON 文件应为事项数组，或含有 items 数组的对象")]
    rows, errors = [], []
    for index, entry in enumerate(data, start=1):
        if not isinstance(entry, dict):
            errors.append(RowError(index, "", "应为对象"))
            continue
        row = dict(entry)
        for key in ("audience", "for_person", "for_company"):
            row.pop(key, None)
        row["audience"] = _json_audience(entry)
        rows.append((index, row))
    return rows, errors


def _json_audience(entry: dict) -> str:
    audience = entry.get("audience")
    if isinstance(audience, list):
        return "个人和法人" if {"person", "company"} <= set(audience) else ("法人" if "company" in audience else "个人")
    return str(audience or "")


def _read_table(content: bytes, fmt: str) -> tuple[list[tuple[int, dict]], list[RowError]]:
    try:
        if fmt == "csv":
            text = _decode_csv(content)
            dataset = tablib.Dataset().load(text, format="csv")
        else:
            dataset = tablib.Dataset().load(io.BytesIO(content), format="xlsx")
    except UnicodeDecodeError:
        return [], [RowError(0, "", "无法识别文件编码，请保存为 UTF-8 或 GB18030 编码的 CSV")]
    except Exception as exc:  # tablib and openpyxl raise many kinds of errors for a damaged file
        return [], [RowError(0, "", f"无法读取文件（{type(exc).__name__}），请确认文件格式与扩展名一致")]
    headers = [str(h or "").strip() for h in (dataset.headers or [])]
    unknown = [h for h in headers if h and h not in _BY_HEADER]
    missing = [header for key, header, required in COLUMNS if required and header not in headers]
    errors = [RowError(1, h, "不是可识别的列名") for h in unknown]
    errors += [RowError(1, h, "缺少必填列") for h in missing]
    if errors:
        return [], errors
    rows = []
    for index, values in enumerate(dataset, start=2):
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        rows.append((index, {_BY_HEADER[h]: v for h, v in zip(headers, values) if h}))
    return rows, []


def _decode_csv(content: bytes) -> str:
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel in Chinese Windows saves CSV in GB18030 (GBK) by default.
        return content.decode("gb18030")


def parse_catalog(content: bytes, fmt: str, lookups: Lookups) -> list[ItemRecord]:
    """All records of a file, or ``ImportRejected`` with every error found."""
    rows, errors = read_rows(content, fmt)
    if not errors and not rows:
        errors = [RowError(0, "", "文件中没有事项")]
    if len(rows) > MAX_ROWS:
        errors.append(RowError(0, "", f"一次最多导入 {MAX_ROWS} 个事项"))
    records: list[ItemRecord] = []
    first_row_of_code: dict[str, int] = {}
    for row_number, raw in rows if not errors else []:
        record, row_errors = _parse_row(raw, lookups)
        errors += [RowError(row_number, HEADER[key], reason) for key, reason in row_errors]
        if record is None:
            continue
        if record.code in first_row_of_code:
            errors.append(RowError(row_number, HEADER["code"], f"与第 {first_row_of_code[record.code]} 行重复"))
            continue
        first_row_of_code[record.code] = row_number
        records.append(record)
    if errors:
        raise ImportRejected(errors)
    return records


# ---- export ------------------------------------------------------------------------------------

_TYPE_LABELS = dict(ItemType.choices)
_HANDLING_LABELS = dict(Handling.choices)
_STATUS_LABELS = dict(ItemStatus.choices)
_FORM_LABELS = dict(Material.Form.choices)


def record_to_json(record: ItemRecord) -> dict:
    data = {key: getattr(record, key) for key, _, _ in COLUMNS if key not in ("audience", "materials")}
    data["audience"] = [a for a, flag in (("person", record.for_person), ("company", record.for_company)) if flag]
    data["materials"] = [m.__dict__.copy() for m in record.materials]
    return data


@dataclass(frozen=True)
class Names:
    """Display names for codes, so that spreadsheets read as people write them."""

    departments: dict[str, str]
    themes: dict[str, str]
    halls: dict[str, str]


def record_to_row(record: ItemRecord, names: Names) -> list:
    audience = "个人和法人" if record.for_person and record.for_company else ("法人" if record.for_company else "个人")
    materials = "\n".join(
        MATERIAL_SEPARATOR.join(
            [m.name, _FORM_LABELS[m.form], str(m.count), "必要" if m.required else "非必要", m.ecert or "", m.note]
        )
        for m in record.materials
    )
    values = {
        **{key: getattr(record, key) for key, _, _ in COLUMNS if hasattr(record, key)},
        "department": names.departments[record.department],
        "item_type": _TYPE_LABELS[record.item_type],
        "audience": audience,
        "handling": _HANDLING_LABELS[record.handling],
        "procedure": "\n".join(record.procedure),
        "instant_approval": "是" if record.instant_approval else "否",
        "status": _STATUS_LABELS[record.status],
        "themes": LIST_SEPARATOR.join(names.themes[c] for c in record.themes),
        "halls": LIST_SEPARATOR.join(names.halls[c] for c in record.halls),
        "materials": materials,
    }
    return ["" if values[key] is None else values[key] for key, _, _ in COLUMNS]


def dump_catalog(records: Iterable[ItemRecord], fmt: str, names: Names) -> bytes:
    if fmt == "json":
        payload = {"items": [record_to_json(r) for r in records]}
        return json.dumps(payload, ensure_ascii=False, indent=1).encode("utf-8")
    dataset = tablib.Dataset(headers=[header for _, header, _ in COLUMNS], title="事项目录")
    for record in records:
        dataset.append(record_to_row(record, names))
    if fmt == "csv":
        # With a BOM so that Excel opens the UTF-8 file with the right encoding.
        return ("\ufeff" + dataset.export("csv")).encode("utf-8")
    return dataset.export("xlsx")
