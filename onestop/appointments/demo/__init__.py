"""Demo service windows (服务窗口) for the Doumen halls (idempotent)."""

from __future__ import annotations

from onestop.catalog.models import Department, Hall

from ..models import ServiceWindow

DISTRICT = "H440403000"
# number, name, prefix, serves every department, departments (codes), places per slot
DISTRICT_WINDOWS = [
    ("1号窗口", "综合受理窗口（无差别受理）", "A", True, [], 2),
    ("2号窗口", "综合受理窗口（无差别受理）", "A", True, [], 2),
    ("3号窗口", "民政、人社、医保窗口", "B", False, ["D008", "D007", "D023"], 3),
    ("4号窗口", "企业开办窗口", "C", False, ["D002"], 3),
    ("5号窗口", "公安户政窗口", "D", False, ["D009"], 3),
    ("6号窗口", "税务窗口", "E", False, ["D026"], 3),
    ("7号窗口", "住建、卫健、残联窗口", "F", False, ["D005", "D003", "D025"], 2),
]
TOWN_WINDOWS = [
    ("1号窗口", "综合受理窗口（无差别受理）", "A", True, [], 2),
    ("2号窗口", "民政、人社、医保窗口", "B", False, ["D008", "D007", "D023"], 2),
]


def load_demo_windows() -> int:
    created = 0
    departments = {d.code: d for d in Department.objects.all()}
    for hall in Hall.objects.all():
        rows = DISTRICT_WINDOWS if hall.code == DISTRICT else TOWN_WINDOWS
        for order, (number, name, prefix, serves_all, codes, places) in enumerate(rows, start=1):
            window, new = ServiceWindow.objects.update_or_create(
                hall=hall, number=number,
                defaults={"name": name, "prefix": prefix, "serves_all": serves_all, "slot_capacity": places,
                          "sort_order": order})
            window.departments.set([departments[c] for c in codes if c in departments])
            created += new
    return created
