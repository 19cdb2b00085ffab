"""Staff console: 扫码查验 (scan a citizen's certificate QR) and the staff home."""

from __future__ import annotations

from django.shortcuts import render
from PIL import UnidentifiedImageError

from onestop.accounts.permissions import can_accept_at_window, can_verify_certificates, staff_profile, staff_required
from onestop.certs import qr, services
from onestop.window import visitor

from .forms import ScanForm


@staff_required(lambda user: staff_profile(user) is not None)
def home(request):
    return render(request, "console/home.html", {"profile": staff_profile(request.user),
                                                 "can_window": can_accept_at_window(request.user)})


@staff_required(can_verify_certificates)
def scan(request):
    form = ScanForm(request.POST or None, request.FILES or None)
    verdict = None
    if request.method == "POST" and form.is_valid():
        text = (form.cleaned_data.get("code") or "").strip()
        if form.cleaned_data.get("image"):
            try:
                texts = qr.read(form.cleaned_data["image"].read())
            except qr.ImageTooLarge as error:
                texts = None
                form.add_error("image", error.message)
            except (UnidentifiedImageError, OSError, ValueError):
                texts = None
                form.add_error("image", "无法识别该图片，请上传 PNG 或 JPEG 格式的照片")
            else:
                if not texts:
                    form.add_error("image", "图片中未识别到二维码，请对准二维码重新拍摄")
                text = texts[0] if texts else ""
        if text and not form.errors:
            profile = staff_profile(request.user)
            verdict = services.verify_scan(
                text,
                verifier_user=request.user,
                verifier_name=f"{profile.department.name} {profile.name}",
                verifier_department=profile.department,
                purpose=form.cleaned_data["purpose"],
            )
            visitor.remember_scan(request, verdict)
    status = 400 if form.errors else 200
    return render(request, "console/scan.html", {"form": form, "verdict": verdict}, status=status)
