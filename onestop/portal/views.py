from django.shortcuts import render

from onestop.catalog import services
from onestop.catalog.models import Audience, ItemStatus, LifeEventBundle, Theme

TOP_ITEMS = 10


def home(request):
    stats = services.catalog_stats()
    return render(
        request,
        "portal/home.html",
        {
            "person_themes": Theme.objects.filter(audience=Audience.PERSON),
            "company_themes": Theme.objects.filter(audience=Audience.COMPANY),
            "departments": services.departments_with_counts(),
            "top_items": services.find_items(services.ItemFilters())[:TOP_ITEMS],
            "stats": stats,
            "bundles": LifeEventBundle.objects.filter(status=ItemStatus.PUBLISHED),
        },
    )
