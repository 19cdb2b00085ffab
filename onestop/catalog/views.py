from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from . import services
from .forms import ItemSearchForm
from .models import Department, Theme

PAGE_SIZE = 20


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


def _item_list_context(request, department: Department | None = None) -> tuple[dict, int]:
    form = ItemSearchForm(request.GET)
    if not form.is_valid():
        return {"form": form, "page": None, "errors": form.errors}, 400
    items = services.find_items(_filters_from(form, department.code if department else None))
    paginator = Paginator(items, PAGE_SIZE)
    page_number = form.cleaned_data.get("page") or 1
    if page_number > paginator.num_pages:
        page_number = paginator.num_pages
    query = request.GET.copy()
    query.pop("page", None)
    theme = Theme.objects.filter(code=form.cleaned_data.get("theme")).first() if form.cleaned_data.get("theme") else None
    context = {
        "form": form,
        "page": paginator.page(page_number),
        "query_string": query.urlencode(),
        "departments": Department.objects.filter(items__isnull=False).distinct(),
        "themes": Theme.objects.all(),
        "selected_theme": theme,
        "q": form.cleaned_data.get("q", ""),
    }
    return context, 200


def item_list(request):
    context, status = _item_list_context(request)
    template = "catalog/_results.html" if request.htmx else "catalog/item_list.html"
    return render(request, template, context, status=status)


def item_detail(request, code: str):
    item = services.item_detail(code)
    if item is None:
        raise Http404
    materials = list(item.materials.all())
    return render(
        request,
        "catalog/item_detail.html",
        {
            "item": item,
            "materials": materials,
            "ecert_count": sum(1 for m in materials if m.ecert_type_id),
            "halls": list(item.halls.all()),
            "themes": list(item.themes.all()),
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
