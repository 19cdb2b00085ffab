"""Staff console: 扫码查验 (scan a citizen's certificate QR) and the staff home."""

from __future__ import annotations

from django.shortcuts import render
from PIL import UnidentifiedImageError

from onestop.accounts.permissions import (
    can_accept_at_window,
    can_handle_cases,
    can_issue_any,
    can_review_cases,
    can_see_data_sources,
    can_verify_certificates,
    can_verify_identity,
    role_names,
    staff_profile,
    staff_required,
)
from onestop.business.startup.staff import can_handle_startup
from onestop.certs import qr, services
from onestop.window import visitor

from .forms import ScanForm

# The console's tiles, each shown only to the roles whose check it passes (the view behind it asks the
# same check), so nobody is led to a 403.
TILES = (
    ("console:scan", "扫码查验", "查验群众出示的电子证照", can_verify_certificates),
    ("console:queue", "待办件", "本部门待受理、审查中的办件（按期限排序）", can_review_cases),
    ("ratings:follow-ups", "差评整改", "群众差评的核实整改与回复（超期标出）", can_review_cases),
    ("window:desk", "综合窗口", "无差别受理各部门事项：核验身份、核对材料、受理或不予受理并出具回执", can_accept_at_window),
    ("window:queue", "我受理的办件", "本人在窗口受理的办件，按状态、日期查询，超期标出", can_accept_at_window),
    ("appointments:desk", "窗口叫号", "选择所在窗口，呼叫下一位、重呼、办结或过号", can_handle_cases),
    ("accounts:window-verify", "身份核验", "核验身份证原件，为未通过手机实名核验的账号绑定本人身份", can_verify_identity),
    ("console:data-sources", "数据源状态", "共享数据源的调用与熔断情况", can_see_data_sources),
    ("console:issue", "签发证照", "为群众和企业签发本部门的电子证照", can_issue_any),
    ("business:startup-staff", "企业开办待处理", "转人工审核的设立登记、未能完成的并联事项（本部门负责的环节）", can_handle_startup),
    ("console:certificates", "本部门证照", "查询、撤销本部门签发的证照", can_issue_any),
)


@staff_required(lambda user: staff_profile(user) is not None)
def home(request):
    tiles = [(name, title, text) for name, title, text, check in TILES if check(request.user)]
    return render(request, "console/home.html", {"profile": staff_profile(request.user), "tiles": tiles,
                                                 "role_names": role_names(request.user)})


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
