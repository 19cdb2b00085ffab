"""The citizen's 一件事 pages: the list, the one shared form, and the combined status."""

from __future__ import annotations

import secrets

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render

from onestop.accounts.permissions import citizen_required
from onestop.cases import forms
from onestop.cases import services as cases
from onestop.catalog.models import ItemStatus, LifeEventBundle

from . import services
from .models import BundleApplication


def bundle_list(request):
    bundles = LifeEventBundle.objects.filter(status=ItemStatus.PUBLISHED)
    return render(request, "bundles/list.html", {"bundles": bundles})


@citizen_required
def apply(request, code: str):
    bundle = get_object_or_404(LifeEventBundle, code=code, status=ItemStatus.PUBLISHED)
    applicant = cases.applicant_for(request.user)
    definition = services.parse(bundle)
    context = {"bundle": bundle, "applicant": applicant, "fields": forms.fields(definition.fields),
               "materials": services.shared_materials(bundle, applicant),
               "parts": [(m, services.member_items(definition)[m.step]) for m in definition.members]}
    if request.method == "POST":
        uploads = {m.name: request.FILES[f"material:{m.name}"] for m in context["materials"]
                   if f"material:{m.name}" in request.FILES}
        try:
            application = services.submit_bundle(services.BundleSubmission(
                bundle=bundle, applicant=applicant, form=request.POST, uploads=uploads,
                idempotency_key=request.POST.get("idempotency_key", "")))
        except cases.CaseError as err:
            context.update(values=request.POST, errors=err.errors, error_message=err.message,
                           idempotency_key=request.POST.get("idempotency_key", ""), files_lost=bool(request.FILES))
            return render(request, "bundles/apply.html", context, status=400)
        return redirect("bundles:status", number=application.number)
    prefilled = forms.prefill(definition.fields, person=applicant.person, user=request.user, certificates={
        c.cert_type.name: c.fields for c in cases.held_certificates(applicant).values()},
        records={"population": {"address": applicant.person.address}})
    context.update(values=prefilled.values, sources=prefilled.sources, errors={},
                   idempotency_key=secrets.token_urlsafe(16))
    return render(request, "bundles/apply.html", context)


@citizen_required
def status(request, number: str):
    application = BundleApplication.objects.select_related("bundle", "process").filter(number=number).first()
    if application is None or application.applicant_user_id != request.user.pk:
        raise Http404  # someone else's number reveals nothing
    return render(request, "bundles/status.html", {"status": services.bundle_status(application)})


@citizen_required
def mine(request):
    applications = BundleApplication.objects.filter(applicant_user=request.user).select_related(
        "bundle", "process").order_by("-submitted_at")
    return render(request, "bundles/mine.html", {"applications": applications})
