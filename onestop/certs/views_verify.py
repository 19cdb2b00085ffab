"""证照查验: the public page that checks a certificate's QR (no login). A phone's camera opens the
printed QR's link here directly (GET ?c=…); otherwise a photo or the scanned text is posted."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_http_methods
from PIL import UnidentifiedImageError

from . import public_check, qr, services
from .forms import QrCodeForm


def _client_address(request) -> str:
    return request.META.get("REMOTE_ADDR") or ""


def _text_from_image(form: QrCodeForm) -> str:
    try:
        texts = qr.read(form.cleaned_data["image"].read())
    except qr.ImageTooLarge as error:  # a ValueError too: caught first, for its specific message
        form.add_error("image", error.message)
        return ""
    except (UnidentifiedImageError, OSError, ValueError):
        form.add_error("image", "无法识别该图片，请上传 PNG 或 JPEG 格式的照片")
        return ""
    if not texts:
        form.add_error("image", "图片中未识别到二维码，请对准二维码重新拍摄，保持清晰、完整")
    return texts[0] if texts else ""


@require_http_methods(["GET", "POST"])
def verify(request):
    form = QrCodeForm(request.POST or None, request.FILES or None)
    text = ""
    if request.method == "POST" and form.is_valid():
        text = _text_from_image(form) if form.cleaned_data.get("image") else form.cleaned_data["code"].strip()
    elif request.method == "GET":
        text = request.GET.get(services.PRINTED_URL_PARAMETER, "")[:1000].strip()
    verdict, limited = None, None
    if text and not form.errors:
        try:
            verdict = public_check.verify_publicly(text, _client_address(request))
        except public_check.TooManyChecks as exc:
            limited = exc.message
    status = 429 if limited else 400 if form.errors else 200
    response = render(request, "certs/verify.html", {"form": form, "verdict": verdict, "limited": limited}, status=status)
    response["Cache-Control"] = "no-store"  # a verdict is judged now; never served from a cache
    # The code in the address is not sent to other sites ("no-referrer" would make the browser send
    # Origin: null with the form, which the CSRF check rightly refuses).
    response["Referrer-Policy"] = "same-origin"
    if limited:
        response["Retry-After"] = str(int(public_check.WINDOW.total_seconds()))
    return response
