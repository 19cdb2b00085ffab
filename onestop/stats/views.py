from django.shortcuts import render

from onestop.business.startup.timing import opening_stats
from onestop.catalog.services import ONLINE_RATE_DEFINITION, catalog_stats


def catalog(request):
    stats = catalog_stats()
    chart = {
        "departments": [{"name": r["name"], "total": r["total"], "online": r["online_ready"]} for r in stats.by_department],
        "types": [{"name": r["name"], "value": r["total"]} for r in stats.by_type],
    }
    return render(request, "stats/catalog.html", {"stats": stats, "chart": chart, "opening": opening_stats(),
                                                  "online_rate_definition": ONLINE_RATE_DEFINITION})
