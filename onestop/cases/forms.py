"""Application forms defined as data (JSON Schema 2020-12 with UI hints on the catalogue item),
validated on the server, and pre-filled from the profile, certificates and data sources (免填).

UI hints on a property: ``title`` (label), ``x-widget`` (text, textarea, select, date, tel, number,
checkbox), ``x-help``, ``x-prefill`` (where the value comes from: ``profile.name``,
``population.address``, ``company.uscc``, ``cert:<type name>.<field>``, ``source:<code>.<field>``).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from functools import lru_cache

from jsonschema import Draft202012Validator, FormatChecker

from onestop.exchange.registry import SOURCES

# Used when an item has no form of its own: what every application needs.
DEFAULT_SCHEMA = {
    "type": "object",
    "required": ["contact_name", "contact_phone", "description"],
    "properties": {
        "contact_name": {"type": "string", "title": "联系人", "maxLength": 50, "minLength": 1, "x-prefill": "profile.name"},
        "contact_phone": {"type": "string", "title": "联系电话", "pattern": "^1[3-9][0-9]{9}$", "x-widget": "tel",
                          "x-prefill": "profile.mobile", "x-help": "11 位手机号码，用于接收办理进度通知"},
        "description": {"type": "string", "title": "申请事项说明", "minLength": 2, "maxLength": 500, "x-widget": "textarea",
                        "x-help": "请简要说明申请的具体内容"},
    },
}

PREFILL_LABELS = {"profile": "实名信息", "population": "户籍信息", "company": "企业登记信息", "cert": "电子证照"}
SOURCE_LABELS = {s["code"]: s["name"] for s in SOURCES}

_KEYWORD_MESSAGES = {
    "required": "此项为必填项",
    "minLength": "内容过短",
    "maxLength": "内容过长",
    "pattern": "格式不正确",
    "enum": "请从列表中选择",
    "format": "格式不正确",
    "minimum": "数值过小",
    "maximum": "数值过大",
    "type": "类型不正确",
}


def schema_for(item) -> dict:
    return item.form_schema if item.form_schema.get("properties") else DEFAULT_SCHEMA


@dataclass(frozen=True)
class Field:
    name: str
    title: str
    widget: str
    required: bool
    help: str
    prefill: str
    enum: tuple
    spec: dict


def fields(schema: dict) -> list[Field]:
    required = set(schema.get("required", []))
    out = []
    for name, spec in schema.get("properties", {}).items():
        widget = spec.get("x-widget") or ("select" if "enum" in spec else "date" if spec.get("format") == "date"
                                          else "number" if spec.get("type") in ("integer", "number")
                                          else "checkbox" if spec.get("type") == "boolean" else "text")
        out.append(Field(name, spec.get("title", name), widget, name in required, spec.get("x-help", ""),
                         spec.get("x-prefill", ""), tuple(spec.get("enum", ())), spec))
    return out


@lru_cache(maxsize=256)
def _validator(schema_json: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads(schema_json), format_checker=FormatChecker())


def coerce(schema: dict, raw: dict[str, str]) -> dict:
    """Turns posted strings into the schema's types; blank optional fields are left out."""
    data = {}
    for f in fields(schema):
        value = raw.get(f.name)
        kind = f.spec.get("type")
        if kind == "boolean":
            data[f.name] = value in ("on", "true", "1", True)
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        value = value.strip() if isinstance(value, str) else value
        if kind in ("integer", "number"):
            try:
                value = int(value) if kind == "integer" else float(value)
            except (TypeError, ValueError):
                pass  # left as text: the validator reports the type error against this field
        data[f.name] = value
    return data


def validate(schema: dict, data: dict) -> dict[str, str]:
    """Field name → Chinese message; empty when valid."""
    errors: dict[str, str] = {}
    for error in _validator(json.dumps(schema, sort_keys=True, ensure_ascii=False)).iter_errors(data):
        if error.validator == "required":
            name = error.message.split("'")[1] if "'" in error.message else ""
        else:
            name = str(error.path[0]) if error.path else ""
        title = schema.get("properties", {}).get(name, {}).get("title", name)
        message = _KEYWORD_MESSAGES.get(str(error.validator), "内容不符合要求")
        if error.validator == "format" and schema["properties"].get(name, {}).get("format") == "date":
            message = "请填写有效日期（年-月-日）"
        errors.setdefault(name or "__all__", f"{title}：{message}" if title else message)
    unknown = set(data) - set(schema.get("properties", {}))
    for name in sorted(unknown):
        errors[name] = f"未知字段：{name}"
    return errors


@dataclass(frozen=True)
class Prefill:
    values: dict
    sources: dict  # field → "实名信息" / "电子证照：居民身份证" / "户籍人口库"


def prefill(schema: dict, *, person=None, company=None, user=None, certificates: dict | None = None,
            records: dict | None = None) -> Prefill:
    """Fills each field whose ``x-prefill`` names a value we hold. ``certificates`` maps type name →
    fields of the applicant's valid certificate; ``records`` maps source code → record."""
    certificates, records = certificates or {}, records or {}
    profile = {}
    if person is not None:
        profile = {"name": person.name, "mobile": person.mobile or getattr(user, "mobile", "") or "",
                   "gender": person.get_gender_display(), "birth_date": person.birth_date.isoformat(),
                   "id_masked": person.id_masked, "address": person.address}
    company_values = {}
    if company is not None:
        company_values = {"name": company.name, "uscc": company.uscc, "address": company.address,
                          "legal_representative": company.legal_representative.name if company.legal_representative_id else ""}
    values, sources = {}, {}
    for f in fields(schema):
        where = f.prefill
        if not where or "." not in where:
            continue
        head, _, rest = where.partition(".")
        value, label = None, PREFILL_LABELS.get(head.split(":")[0], "")
        if head == "profile":
            value = profile.get(rest)
        elif head == "company":
            value = company_values.get(rest)
        elif head == "population":
            value = (records.get("population") or {}).get(rest)
        elif head.startswith("cert:"):
            type_name = head[5:]
            value = (certificates.get(type_name) or {}).get(rest)
            label = f"电子证照：{type_name}"
        elif head.startswith("source:"):
            code = head[7:]
            value = (records.get(code) or {}).get(rest)
            label = f"数据共享：{SOURCE_LABELS.get(code, code)}"
        if value in (None, ""):
            continue
        if f.spec.get("format") == "date" and isinstance(value, dt.date):
            value = value.isoformat()
        if f.enum and value not in f.enum:
            continue
        values[f.name], sources[f.name] = value, label
    return Prefill(values, sources)
