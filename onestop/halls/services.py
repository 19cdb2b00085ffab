"""The service-hall map's domain logic: which halls handle an item or a department's business, whether
they are open now and when next, and which open hall is nearest to a point. No HTTP here: the pages,
the API and the Q&A assistant call the same functions.

``nearest_open_halls(item=…, lat=…, lon=…)`` is the entry point for other apps.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache

from django.db.models import QuerySet
from django.utils import timezone

from onestop.catalog.models import Department, Hall, ServiceItem
from onestop.core import workdays
from onestop.core.models import CalendarDay, DayKind

from . import geo, places
from .hours import (
    SEARCH_DAYS,
    DayCalendar,
    HoursError,
    OpenStatus,
    WeeklyHours,
    open_status,
    parse_closures,
    parse_hours,
)

DEFAULT_LIMIT = 5


@lru_cache(maxsize=512)
def weekly_hours(text: str) -> WeeklyHours | None:
    """The parsed hours of a hall's text (cached per text: parsing is pure), None if unreadable."""
    try:
        return parse_hours(text)
    except HoursError:
        return None


@lru_cache(maxsize=512)
def _closures(text: str) -> dict[date, str]:
    try:
        return parse_closures(text)
    except HoursError:
        return {}


def closures_of(hall: Hall) -> dict[date, str]:
    """The hall's extra closure days (检修, 搬迁 …) with their reasons."""
    return _closures(hall.closed_days)


def day_calendar(start: date, days: int = SEARCH_DAYS + 2) -> DayCalendar:
    """Working days (the project's calendar: chinese-calendar seeded, notices imported) and the
    statutory holidays with their names from ``start`` for ``days`` days."""
    holidays = dict(
        CalendarDay.objects.filter(
            date__gte=start, date__lte=start + timedelta(days=days), kind=DayKind.HOLIDAY
        ).values_list("date", "holiday_name")
    )
    return DayCalendar(workdays.current_calendar().is_working_day, holidays)


def status_of(hall: Hall, at: datetime, calendar: DayCalendar) -> OpenStatus | None:
    hours = weekly_hours(hall.opening_hours)
    if hours is None:
        return None
    return open_status(
        timezone.localtime(at), hours, calendar, follows_calendar=hall.follows_calendar,
        closures=_closures(hall.closed_days),
    )


@dataclass(frozen=True)
class HallEntry:
    hall: Hall
    status: OpenStatus | None  # None: the hall's hours could not be read (shown as 以现场公示为准)
    distance_km: float | None = None

    @property
    def is_open(self) -> bool:
        return bool(self.status and self.status.is_open)

    @property
    def distance_label(self) -> str:
        return "" if self.distance_km is None else geo.format_distance(self.distance_km)


def _item_code(item) -> str | None:
    if item is None or item == "":
        return None
    return item.code if isinstance(item, ServiceItem) else str(item)


def _department_code(department) -> str | None:
    if department is None or department == "":
        return None
    return department.code if isinstance(department, Department) else str(department)


def halls(item=None, department=None, kind: str | None = None) -> QuerySet[Hall]:
    """Halls handling ``item`` (a ServiceItem or its code) and/or with ``department`` (or its code)
    present; both filters together mean both must hold."""
    query = Hall.objects.all()
    code = _item_code(item)
    if code:
        query = query.filter(items__code=code)
    department_code = _department_code(department)
    if department_code:
        query = query.filter(departments__code=department_code)
    if kind:
        query = query.filter(kind=kind)
    return query.distinct()


def entries(query: QuerySet[Hall], *, at: datetime | None = None, lat: float | None = None,
            lon: float | None = None, calendar: DayCalendar | None = None) -> list[HallEntry]:
    """Each hall with its status at ``at`` and, given a point, its distance; nearest first when a
    point is given (halls without coordinates last), otherwise in the halls' own order. A caller that
    asks for several queries at the same moment (the assistant: one per item shown) passes one
    ``calendar`` from ``day_calendar`` so the days are read once."""
    at = at or timezone.now()
    calendar = calendar or day_calendar(timezone.localtime(at).date())
    point = geo.valid_point(lat, lon) if lat is not None and lon is not None else None
    found = []
    for hall in query:
        distance = None
        if point and hall.latitude is not None and hall.longitude is not None:
            distance = geo.haversine_km(point[0], point[1], float(hall.latitude), float(hall.longitude))
        found.append(HallEntry(hall, status_of(hall, at, calendar), distance))
    if point:
        found.sort(key=lambda e: (e.distance_km is None, e.distance_km or 0.0, e.hall.sort_order))
    return found


FIRST_RADIUS_KM = 5.0  # most askers have a hall within a town's width; the search widens from here


def _within(query: QuerySet[Hall], lat: float, lon: float, radius_km: float) -> QuerySet[Hall]:
    """The halls of ``query`` inside the bounding box of the circle of ``radius_km`` around the
    point, filtered by the database (the exact distance is computed on the few left)."""
    box = geo.bounding_box(lat, lon, radius_km)
    return query.filter(latitude__gte=box.south, latitude__lte=box.north,
                        longitude__gte=box.west, longitude__lte=box.east)


def nearest_open_halls(item=None, department=None, *, lat: float, lon: float, at: datetime | None = None,
                       limit: int = DEFAULT_LIMIT, open_only: bool = True) -> list[HallEntry]:
    """The halls nearest to (lat, lon) (WGS-84) that handle ``item`` / host ``department`` and are
    open at ``at`` (default: now), nearest first, at most ``limit``. With ``open_only=False`` closed
    halls are included too (each entry's status says when it opens). Raises ValueError for a point
    that is not on the globe.

    The database keeps only the halls in a box around the point; the box doubles until ``limit``
    wanted halls lie inside the circle it bounds (those are then the nearest of all) or the box
    already held every hall with coordinates."""
    point = geo.valid_point(lat, lon)
    if point is None:
        raise ValueError("invalid coordinates")
    limit = max(0, limit)
    if limit == 0:
        return []
    at = at or timezone.now()
    calendar = day_calendar(timezone.localtime(at).date())
    candidates = halls(item, department).filter(latitude__isnull=False, longitude__isnull=False)
    radius, total = FIRST_RADIUS_KM, None
    while True:
        boxed = entries(_within(candidates, *point, radius), at=at, lat=point[0], lon=point[1], calendar=calendar)
        wanted = [e for e in boxed if e.distance_km <= radius and (e.is_open or not open_only)]
        if len(wanted) >= limit:
            return wanted[:limit]
        total = candidates.count() if total is None else total
        if len(boxed) >= total or radius >= geo.HALF_EARTH_KM:  # every hall seen: fewer than limit exist
            return [e for e in boxed if e.is_open or not open_only][:limit]
        radius *= 2


@dataclass(frozen=True)
class Origin:
    """Where distances are measured from, and how the page should describe it."""

    lat: float
    lon: float
    label: str  # 井岸镇 / 您的位置


def origin_from_text(text: str) -> Origin | None:
    """A typed town, village or address → its town's centre (no geocoding service offline)."""
    town = places.find_town(text)
    return Origin(town.lat, town.lon, town.name) if town else None


def origin_from_point(lat, lon) -> Origin | None:
    """The browser's location (WGS-84, as typed or sent), or None when it is not a point on the globe."""
    point = geo.valid_point(lat, lon)
    return Origin(point[0], point[1], "您的位置") if point else None


def origin_from_town(code: str) -> Origin | None:
    town = places.BY_CODE.get(code or "")
    return Origin(town.lat, town.lon, town.name) if town else None


def item_for_filter(code: str) -> ServiceItem | None:
    if not code:
        return None
    return ServiceItem.objects.published().select_related("department").filter(code=code).first()


def department_options() -> list[tuple[str, str]]:
    """Departments that have a presence in at least one hall."""
    return list(Department.objects.filter(halls__isnull=False).distinct().order_by("sort_order", "code")
                .values_list("code", "name"))


def hall_by_code(code: str) -> Hall | None:
    return Hall.objects.filter(code=code).prefetch_related("departments").first()


def items_of(hall: Hall, limit: int) -> tuple[list[ServiceItem], int]:
    """The published items handled at ``hall`` (most used first), and how many there are."""
    query = ServiceItem.objects.published().filter(halls=hall).select_related("department")
    return list(query.order_by("-annual_volume", "code")[:limit]), query.count()
