"""The GeoReport v2 representation of services (leaf categories) and requests (reports)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from ..models import Category, Report
from ..presentation import mask_text

SHANGHAI = ZoneInfo("Asia/Shanghai")
KINDS = [("complaint", "投诉"), ("consultation", "咨询"), ("suggestion", "建议")]
ATTRIBUTES = [
    {"variable": True, "code": "kind", "datatype": "singlevaluelist", "required": True, "datatype_description": None,
     "order": 1, "description": "诉求类型", "values": [{"key": k, "name": n} for k, n in KINDS]},
    {"variable": True, "code": "public", "datatype": "singlevaluelist", "required": False,
     "datatype_description": "缺省为不公开", "order": 2, "description": "是否同意在网站公开诉求和答复（隐去个人信息）",
     "values": [{"key": "yes", "name": "同意公开"}, {"key": "no", "name": "不公开"}]},
]


def w3c(moment: dt.datetime | None) -> str | None:
    return None if moment is None else moment.astimezone(SHANGHAI).isoformat(timespec="seconds")


def service(category: Category) -> dict:
    parent = category.parent
    keywords = [category.name, parent.name] + parent.keywords.split()
    return {"service_code": category.code, "service_name": category.name,
            "description": f"{category.path_label}（{category.department.full_name}办理）",
            "metadata": True, "type": "realtime", "keywords": ", ".join(dict.fromkeys(keywords)),
            "group": parent.parent.name}


def services_queryset():
    return Category.objects.filter(level=3).select_related("parent__parent", "department").order_by("code")


def request(report: Report) -> dict:
    """Everything the spec names; description, location and status notes only when the citizen
    agreed to publish them, and with contact numbers masked. Never the mobile or the name."""
    public = report.public
    record = {
        "service_request_id": report.number,
        "status": "open" if report.status == Report.Status.PROCESSING else "closed",
        "status_notes": mask_text(report.reply) if public and report.reply else None,
        "service_name": report.category.name,
        "service_code": report.category.code,
        "description": mask_text(report.description) if public else None,
        "agency_responsible": report.department.full_name,
        "service_notice": notice(report),
        "requested_datetime": w3c(report.created_at),
        "updated_datetime": w3c(report.updated_at),
        "expected_datetime": w3c(dt.datetime.combine(report.due_date, dt.time(17, 30), SHANGHAI)),
        "address": mask_text(report.address) if public and report.address else None,
        "address_id": None,
        "zipcode": None,
        "lat": float(report.latitude) if public and report.latitude is not None else None,
        "long": float(report.longitude) if public and report.longitude is not None else None,
        "media_url": None,
    }
    return record


def notice(report: Report) -> str:
    return f"{report.department.name}将于{report.due_date.year}年{report.due_date.month}月{report.due_date.day}日前答复（按工作日计算）。"
