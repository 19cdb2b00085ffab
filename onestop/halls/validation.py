"""The checks a hall's fields must pass, shared by the admin form and the import (one set of rules,
one wording). Pure: no database."""

from __future__ import annotations

import coordTransform

from . import geo
from .hours import HoursError, parse_closures, parse_hours

PHONE_CHARS = set("0123456789-－—、，,;； ()（）转")


def check_hours(text: str) -> str | None:
    try:
        hours = parse_hours(text)
    except HoursError as exc:
        return str(exc)
    return "办公时间中至少要有一天开放" if hours.is_empty else None


def check_closures(text: str) -> str | None:
    try:
        parse_closures(text)
    except HoursError as exc:
        return str(exc)
    return None


def check_point(lat, lon) -> str | None:
    """Both or neither; on the globe; in China (GCJ-02 conversion and the map assume it)."""
    if lat in (None, "") and lon in (None, ""):
        return None
    if lat in (None, "") or lon in (None, ""):
        return "纬度和经度应同时填写或同时留空"
    point, swapped = geo.valid_point(lat, lon), geo.valid_point(lon, lat)
    if point is None or coordTransform.out_of_china(point[1], point[0]):
        if swapped is not None and not coordTransform.out_of_china(swapped[1], swapped[0]):
            return "坐标不在中国境内（纬度与经度是否填反了？），请填写 WGS-84 经纬度，如纬度 22.2934、经度 113.2956"
        if point is None:
            return "纬度应在 -90 到 90 之间，经度应在 -180 到 180 之间"
        return "坐标不在中国境内，请填写 WGS-84 经纬度，如纬度 22.2934、经度 113.2956"
    return None


def check_phone(text: str) -> str | None:
    if text and not set(text) <= PHONE_CHARS:
        return "咨询电话只能含数字、“-”和“转”，多个号码用“、”分隔"
    return None
