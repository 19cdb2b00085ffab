"""Staff console pages for the department's certificates: issue, look up (audited), revoke."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from onestop.accounts.models import Company, Person
from onestop.accounts.permissions import can_issue_any, is_department_admin, staff_profile, staff_required
from onestop.certs import audit, services
from onestop.certs.models import AccessRecord, Certificate, CertificateType
from onestop.core.identifiers import check_citizen_id, check_uscc


def _department_types(user):
    return CertificateType.objects.filter(issuer=staff_profile(user).department).order_by("sort_order")


class IssueForm(forms.Form):
    holder_id = forms.CharField(label="持证人身份证号码或统一社会信用代码", max_length=18)
    number = forms.CharField(label="证照编号（留空自动编号）", max_length=64, required=False)
    valid_until = forms.DateField(label="有效期至（留空按证照类型）", required=False)

    def __init__(self, *args, cert_type: CertificateType, **kwargs):
        super().__init__(*args, **kwargs)
        self.cert_type = cert_type
        for spec in cert_type.fields:
            self.fields[f"f_{spec['key']}"] = forms.CharField(label=spec["label"], max_length=500)

    def clean_holder_id(self):
        value = self.cleaned_data["holder_id"].strip().upper()
        if self.cert_type.holder_kind == "person":
            reason = check_citizen_id(value)
            if reason:
                raise forms.ValidationError(reason)
            holder = Person.objects.with_id_number(value).first()
            if holder is None:
                raise forms.ValidationError("证照库中没有该自然人，请先完成实名登记")
        else:
            reason = check_uscc(value)
            if reason:
                raise forms.ValidationError(reason)
            holder = Company.objects.filter(uscc=value).first()
            if holder is None:
                raise forms.ValidationError("证照库中没有该单位")
        self.holder = holder
        return value

    def field_values(self) -> dict:
        return {spec["key"]: self.cleaned_data[f"f_{spec['key']}"] for spec in self.cert_type.fields}


@staff_required(can_issue_any)
def issue(request):
    types = list(_department_types(request.user))
    chosen = next((t for t in types if str(t.pk) == (request.POST.get("type") or request.GET.get("type"))), None)
    form = IssueForm(request.POST or None, cert_type=chosen) if chosen else None
    if request.method == "POST" and form is not None and form.is_valid():
        holder = {"holder_person": form.holder} if chosen.holder_kind == "person" else {"holder_company": form.holder}
        try:
            certificate = services.issue_certificate(
                chosen, fields=form.field_values(), number=form.cleaned_data["number"] or None,
                valid_until=form.cleaned_data["valid_until"], **holder,
            )
        except services.CertificateError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, f"已签发{chosen.name}，证照编号 {certificate.number}。持证人可在“我的证照”中查看。")
            return redirect("console:certificate", pk=certificate.pk)
    status = 400 if form is not None and form.errors else 200
    return render(request, "console/issue.html", {"types": types, "chosen": chosen, "form": form}, status=status)


def _department_certificate(request, pk: int) -> Certificate:
    certificate = Certificate.objects.select_related("cert_type", "issuer", "holder_person", "holder_company").filter(
        pk=pk, issuer=staff_profile(request.user).department
    ).first()
    if certificate is None:
        raise Http404
    return certificate


@staff_required(can_issue_any)
def certificate_list(request):
    department = staff_profile(request.user).department
    query = request.GET.get("q", "").strip()[:64]
    certificates = Certificate.objects.filter(issuer=department).select_related("cert_type", "holder_person", "holder_company")
    if query:
        certificates = certificates.filter(number=query) | certificates.filter(identifier=query)
    return render(request, "console/certificates.html", {"certificates": certificates.order_by("-issued_at")[:50], "q": query})


@staff_required(can_issue_any)
def certificate_detail(request, pk: int):
    certificate = _department_certificate(request, pk)
    profile = staff_profile(request.user)
    audit.record_access(
        action=AccessRecord.Action.STAFF_VIEW, actor=f"{profile.department.name} {profile.name}", actor_user=request.user,
        actor_department=profile.department, certificate=certificate, purpose="发证部门管理证照", outcome="viewed",
    )
    labels = {f["key"]: f["label"] for f in certificate.cert_type.fields}
    return render(request, "console/certificate.html", {
        "certificate": certificate, "fields": [(labels.get(k, k), v) for k, v in certificate.fields.items()],
        "can_revoke": is_department_admin(request.user),
    })


@staff_required(is_department_admin)
@require_POST
def revoke(request, pk: int):
    certificate = _department_certificate(request, pk)
    reason = request.POST.get("reason", "").strip()[:200]
    if len(reason) < 2:
        messages.error(request, "请填写撤销原因")
    else:
        services.revoke_certificate(certificate, reason)
        messages.success(request, "证照已撤销，查验时将显示“已撤销”。")
    return redirect("console:certificate", pk=certificate.pk)
