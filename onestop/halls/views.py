"""Pages of the service-hall map: the map with its list (one page, the list works without
JavaScript), and a hall's own page. Parsing and wording only; the logic is in services.py."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from onestop.catalog import services as catalog
from onestop.catalog.models import Hall
from onestop.core.headers import CONTENT_SECURITY_POLICY

from . import geo, places, services
from .hours import DAY_LABELS, format_intervals, plan_for

MAX_TEXT = 100
ITEMS_ON_HALL_PAGE = 30
WEEK_AHEAD = 7


class _BadInput(Exception):
    pass


def _resolve_item(params) -> tuple[object | None, str]:
    """The item to filter by: its code (from a guide's link), or the best match for typed words."""
    code = params.get("item", "").strip()[:MAX_TEXT]
    words = params.get("item_q", "").strip()[:MAX_TEXT]
    if words:  # typed words win over a code carried along from an earlier page
        found = catalog.find_items(catalog.ItemFilters(q=words))
        if not found:
            raise _BadInput(f"没有找到与“{words}”相关的事项，请换个说法，或拨打 12345 咨询。")
        return services.item_for_filter(found[0].code), words
    if code:
        item = services.item_for_filter(code)
        if item is None:
            raise _BadInput("没有找到这个事项，可能已调整或停止办理；请在上方输入事项名称重新查找。")
        return item, ""
    return None, ""


def _resolve_origin(params) -> services.Origin | None:
    lat, lon = params.get("lat", "").strip(), params.get("lon", "").strip()
    if lat or lon:
        origin = services.origin_from_point(lat[:30], lon[:30])
        if origin is None:
            raise _BadInput("无法识别您的位置，请改为选择所在镇街或输入地址。")
        return origin
    town = params.get("town", "").strip()
    if town:
        origin = services.origin_from_town(town)
        if origin is None:
            raise _BadInput("请选择列表中的镇（街道）。")
        return origin
    address = params.get("q", "").strip()[:MAX_TEXT]
    if address:
        origin = services.origin_from_text(address)
        if origin is None:
            raise _BadInput(f"没能从“{address}”判断所在镇街，请写上镇街或村居名称（如“白蕉镇”“乾务”），或直接选择镇街。")
        return origin
    return None


def _csp_with_tiles() -> str:
    """Tiles come from the configured provider: the page's image sources must admit its host
    (``{s}.`` as the first label becomes ``*.``; a ``{s}`` elsewhere admits the scheme)."""
    parts = urlsplit(settings.ONESTOP_MAP_TILE_URL)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return CONTENT_SECURITY_POLICY
    netloc = parts.netloc
    if netloc.startswith("{s}."):
        source = f"{parts.scheme}://*.{netloc[4:]}"
    elif "{" in netloc:
        source = f"{parts.scheme}:"
    else:
        source = f"{parts.scheme}://{netloc}"
    return CONTENT_SECURITY_POLICY.replace("img-src 'self' data: blob:", f"img-src 'self' data: blob: {source}")


def _marker(entry: services.HallEntry, gcj02: bool) -> dict | None:
    hall = entry.hall
    if hall.latitude is None or hall.longitude is None:
        return None
    lat, lon = geo.to_map(float(hall.latitude), float(hall.longitude), gcj02=gcj02)
    return {
        "code": hall.code, "name": hall.name, "kind": hall.kind, "kindLabel": hall.get_kind_display(),
        "lat": round(lat, 6), "lon": round(lon, 6), "open": entry.is_open,
        "status": entry.status.label if entry.status else "以现场公示为准",
        "address": hall.address, "url": hall.get_absolute_url(), "distance": entry.distance_label,
    }


def hall_map(request):
    params = request.GET
    error, item, item_words, origin = "", None, "", None
    department = params.get("department", "").strip()[:20]
    try:
        item, item_words = _resolve_item(params)
        origin = _resolve_origin(params)
        if department and department not in dict(services.department_options()):
            department = ""
            raise _BadInput("请选择列表中的部门。")
    except _BadInput as exc:
        error = str(exc)
    now = timezone.now()
    query = services.halls(item=item, department=department or None)
    entries = services.entries(query, at=now, lat=origin.lat if origin else None, lon=origin.lon if origin else None)
    nearest = next((e for e in entries if e.is_open and e.distance_km is not None), None) if origin else None
    gcj02 = settings.ONESTOP_MAP_TILE_GCJ02
    map_origin = geo.to_map(origin.lat, origin.lon, gcj02=gcj02) if origin else None
    context = {
        "entries": entries,
        "item": item,
        "item_words": item_words,
        "department": department,
        "departments": services.department_options(),
        "towns": places.TOWNS,
        "town": params.get("town", ""),
        "q": params.get("q", "")[:MAX_TEXT],
        "origin": origin,
        "nearest": nearest,
        "nearest_closed": next((e for e in entries if e.distance_km is not None), None) if origin and not nearest else None,
        "error": error,
        "now": timezone.localtime(now),
        "map_config": {
            "tileUrl": settings.ONESTOP_MAP_TILE_URL,
            "attribution": settings.ONESTOP_MAP_TILE_ATTRIBUTION,
            "subdomains": settings.ONESTOP_MAP_TILE_SUBDOMAINS,
            "origin": {"lat": map_origin[0], "lon": map_origin[1], "label": origin.label} if origin else None,
            "markers": [m for m in (_marker(e, gcj02) for e in entries) if m],
            # Without tiles the background is blank: the towns' names give it a sense of place.
            "towns": [] if settings.ONESTOP_MAP_TILE_URL else [
                dict(zip(("lat", "lon"), geo.to_map(t.lat, t.lon, gcj02=gcj02)), name=t.name) for t in places.TOWNS
            ],
        },
        "filtered": bool(item or department),
        "map_url": reverse("halls:map"),
    }
    response = render(request, "halls/map.html", context, status=400 if error else 200)
    if settings.ONESTOP_MAP_TILE_URL:
        response["Content-Security-Policy"] = _csp_with_tiles()
    return response


def hall_detail(request, code: str):
    hall = services.hall_by_code(code[:20])
    if hall is None:
        raise Http404
    now = timezone.now()
    today = timezone.localtime(now).date()
    calendar = services.day_calendar(today)
    hours = services.weekly_hours(hall.opening_hours)
    week = []
    if hours is not None:
        closures = services.closures_of(hall)
        for offset in range(WEEK_AHEAD):
            plan = plan_for(today + timedelta(days=offset), hours, calendar,
                            follows_calendar=hall.follows_calendar, closures=closures)
            week.append({"day": plan.day, "weekday": DAY_LABELS[plan.day.weekday()],
                         "hours": format_intervals(plan.intervals) if plan.intervals else "休息", "reason": plan.reason,
                         "closed": not plan.intervals})
    items, item_count = services.items_of(hall, ITEMS_ON_HALL_PAGE)
    weekly = [(DAY_LABELS[i], format_intervals(d) if d else "休息") for i, d in enumerate(hours.days)] if hours else []
    return render(request, "halls/detail.html", {
        "hall": hall,
        "status": services.status_of(hall, now, calendar),
        "weekly": weekly,
        "notes": hours.notes if hours else (),
        "week": week,
        "closures": sorted((d, r) for d, r in services.closures_of(hall).items() if d >= today),
        "items": items,
        "item_count": item_count,
        "kinds": Hall.Kind,
    })
