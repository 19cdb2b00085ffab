from django.shortcuts import render

from onestop.business.startup.timing import opening_stats
from onestop.catalog.services import catalog_stats


def catalog(request):
    stats = catalog_stats()
    chart = {
        "departments": [{"name": r["name"], "total": r["total"], "online": r["online_capable"]} for r in stats.by_department],
        "types": [{"name": r["name"], "value": r["total"]} for r in stats.by_type],
    }
    return render(request, "stats/catalog.html", {"stats": stats, "chart": chart, "opening": opening_stats()})
