"""The window clerk's identity check (窗口核验): the visitor hands over their ID card; the clerk
scans or types its number, compares the face with the photo, and the visitor's unverified account
(found by its mobile) becomes that person's. Recorded in IdentityVerification with the clerk."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.shortcuts import redirect, render

from onestop.core import protection

from . import identity, services
from .clients import ServiceUnavailable, population
from .permissions import can_verify_identity, staff_required


class WindowVerifyForm(forms.Form):
    mobile = forms.CharField(label="注册手机号码", max_length=14)
    id_number = forms.CharField(label="身份证号码（扫描或输入证件上的号码）", max_length=18, min_length=18)
    face_confirmed = forms.BooleanField(label="已核对办事人与身份证照片为同一人", required=False)


@staff_required(can_verify_identity)
def window_verify(request):
    form = WindowVerifyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            mobile = services.normalise_mobile(data["mobile"])
            id_number = data["id_number"].strip().upper()
            services.validate_identity("核验", id_number)
            try:
                record = population.resident(id_number) or {}
            except ServiceUnavailable:
                record = {}  # the card was checked in person; the address can follow later
            person = identity.verify_at_window(request.user, mobile, id_number, data["face_confirmed"],
                                               record)
        except (services.AccountError, identity.IdentityError) as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, f"已核验 {person.name}（{person.id_masked}），"
                             f"手机号码 {protection.mask_mobile(mobile)} 的账号已绑定本人身份。")
            return redirect("accounts:window-verify")
    return render(request, "accounts/window_verify.html", {"form": form}, status=400 if form.errors else 200)
