from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils.functional import SimpleLazyObject

from . import guide_check, search_help, search_index, services
from .forms import ItemSearchForm
from .models import Department, ItemStatus, LifeEventBundle, Theme, url_with_code

PAGE_SIZE = 20
# The rendered guide is cached under the item's code and version; halls and departments edited
# elsewhere show up within this time.
GUIDE_CACHE_SECONDS = 300


def _filters_from(form: ItemSearchForm, department: str | None = None) -> services.ItemFilters:
    data = form.cleaned_data
    badge = data.get("badge")
    return services.ItemFilters(
        q=data.get("q") or "",
        audience=data.get("audience") or None,
        department=department or data.get("department") or None,
        theme=data.get("theme") or None,
        item_type=data.get("item_type") or None,
        handling=data.get("handling") or None,
        certificate_free=True if badge == "certificate_free" else None,
        instant_approval=True if badge == "instant_approval" else None,
        online_capable=True if badge == "online" else None,
    )


def _options(choices, selected: str) -> list[tuple[str, str, bool]]:
    return [(value, label, value == selected) for value, label in choices]


FILTER_NAMES = ("audience", "department", "theme", "item_type", "handling", "badge")


def _chosen_filter_count(form: ItemSearchForm) -> int:
    """How many filter menus are set: the filter disclosure opens (and says so) when any is."""
    return sum(1 for name in FILTER_NAMES if str(form.data.get(name, "")))


def _filter_options(form: ItemSearchForm) -> dict:
    """Choices of each filter with the selected one marked, built here rather than by form widgets:
    rendering widgets through the template engine was most of the page's cost."""
    chosen = {name: str(form.data.get(name, "")) for name in FILTER_NAMES}
    departments = [(d.code, d.name) for d in services.departments_with_counts()]
    themes = search_index.derived(
        "theme_choices", lambda _: [(t.code, f"{t.get_audience_display()} · {t.name}") for t in Theme.objects.all()]
    )
    return {
        "audience": _options(form.fields["audience"].choices, chosen["audience"]),
        "department": _options([("", "全部部门"), *departments], chosen["department"]),
        "theme": _options([("", "全部主题"), *themes], chosen["theme"]),
        "item_type": _options(form.fields["item_type"].choices, chosen["item_type"]),
        "handling": _options(form.fields["handling"].choices, chosen["handling"]),
        "badge": _options(form.fields["badge"].choices, chosen["badge"]),
    }


def _nothing_found_help(form: ItemSearchForm, q: str, department: Department | None) -> dict:
    """What the empty result offers: look-alike names, themes, and results hidden by the filters."""
    filters = _filters_from(form, department.code if department else None)
    unfiltered = services.find_items(services.ItemFilters(q=q))
    return {
        "spellings": search_help.spellings(q),
        "sound_alike": search_help.sound_alike(q, search_index.entries()),
        "themes": search_help.related_themes(q, Theme.objects.all()),
        "bundles": search_help.related_bundles(q, LifeEventBundle.objects.filter(status=ItemStatus.PUBLISHED)),
        "without_filters": len(unfiltered) if filters != services.ItemFilters(q=q) else 0,
    }


def _item_list_context(request, department: Department | None = None) -> tuple[dict, int]:
    form = ItemSearchForm(request.GET)
    context = {"form": form, "options": _filter_options(form), "q": str(form.data.get("q", ""))[:50],
               "filters_chosen": _chosen_filter_count(form)}
    if not form.is_valid():
        return {**context, "page": None, "errors": form.errors}, 400
    items = services.find_items(_filters_from(form, department.code if department else None))
    paginator = Paginator(items, PAGE_SIZE)
    page_number = min(form.cleaned_data.get("page") or 1, paginator.num_pages)
    query = request.GET.copy()
    query.pop("page", None)
    theme_code = form.cleaned_data.get("theme")
    if not items and context["q"]:
        context["help"] = _nothing_found_help(form, context["q"], department)
    context.update(
        page=paginator.page(page_number),
        query_string=query.urlencode(),
        selected_theme=Theme.objects.filter(code=theme_code).first() if theme_code else None,
        q=form.cleaned_data.get("q", ""),
    )
    return context, 200


def item_list(request):
    context, status = _item_list_context(request)
    template = "catalog/_results.html" if request.htmx else "catalog/item_list.html"
    return render(request, template, context, status=status)


def item_detail(request, code: str):
    entry = search_index.by_code(code)
    if entry is None:
        raise Http404
    # The guide is cached under the item's code and version; the item and its materials, halls and
    # themes are read only when the cached fragment has to be rendered again.
    item = SimpleLazyObject(lambda: services.item_detail(code))
    return render(
        request,
        "catalog/item_detail.html",
        {
            "entry": entry,
            "item": item,
            "department_url": url_with_code("catalog:department", entry.department),
            "guide_cache_seconds": GUIDE_CACHE_SECONDS,
            "catalog_revision": search_index.revision(),
            "online_capable": entry.online_ready,
            "missing_parts": guide_check.part_labels(entry.missing_parts),
        },
    )


def department_list(request):
    return render(request, "catalog/department_list.html", {"departments": services.departments_with_counts()})


def department_detail(request, code: str):
    department = get_object_or_404(Department, code=code)
    context, status = _item_list_context(request, department)
    context["department"] = department
    template = "catalog/_results.html" if request.htmx else "catalog/department_detail.html"
    return render(request, template, context, status=status)
