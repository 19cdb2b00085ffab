"""证照查验 in a real browser, at desktop and phone width, without login: the holder downloads the
照面 PDF, a visitor uploads a screenshot of its printed QR (→ 有效), the department revokes the
certificate, and the same printed QR — uploaded, or opened as the link a phone camera reads — now
says 已撤销. Every page is checked with axe-core."""

from __future__ import annotations

import io
import re

import pypdfium2
import pytest
from playwright.sync_api import expect

from onestop.certs import qr

from .conftest import SCREENSHOTS, screenshot
from .test_accounts_certificates import assert_accessible, login_by_sms
from .test_applications import staff_login

pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

# Demo residents with an account and a mobile that no other browser test logs in with.
HOLDER_MOBILE = {"desktop": "13800003233", "phone": "18600007969"}  # 罗文强, 刘淑敏
DEPARTMENT_ADMIN, PASSWORD = "d009-department", "onestop-demo-2026"


def printed_qr_screenshot(page, live_url, pk: int, path) -> bytes:
    """The 照面 PDF as the holder downloads it, rendered like a screenshot (pdfium, 150 dpi)."""
    response = page.request.get(f"{live_url}/my/certificates/{pk}/pdf/")
    assert response.ok and response.headers["content-type"] == "application/pdf"
    document = pypdfium2.PdfDocument(response.body())
    try:
        image = document[0].render(scale=150 / 72).to_pil()
    finally:
        document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    path.write_bytes(out.getvalue())
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / path.name).write_bytes(out.getvalue())
    return out.getvalue()


def check_on_public_page(page, live_url, image_path, expected: str) -> None:
    page.goto(live_url + "/verify/")
    main = page.locator("main")
    expect(main.get_by_role("heading", level=1)).to_have_text("电子证照查验")
    main.get_by_label("上传二维码照片或截图").set_input_files(str(image_path))
    main.get_by_role("button", name="查验").click()
    expect(main.get_by_role("status").locator("#verdict")).to_have_text(expected)
    assert_accessible(page)


def revoke_in_console(page, live_url, pk: int) -> None:
    staff_login(page, live_url, DEPARTMENT_ADMIN, PASSWORD)
    main = page.locator("main")
    page.goto(f"{live_url}/console/certificates/{pk}/")
    main.get_by_label("撤销原因").fill("证件遗失，申请作废")
    main.get_by_role("button", name="确认撤销").click()
    expect(main).to_contain_text("撤销")
    page.context.clear_cookies()  # back to an anonymous visitor


def test_a_printed_certificate_verifies_in_public_then_shows_revoked(page, staff_page, live_url, sms_server, tmp_path):
    viewport = page.viewport_name
    login_by_sms(page, live_url, sms_server, HOLDER_MOBILE[viewport])
    # A certificate of 区公安分局 (whose admin revokes it below) that is neither expired nor revoked
    # (the wallet marks those).
    page.locator("main .cert-grid li:not(.expired):not(.revoked)").filter(has_text="珠海市公安局斗门分局").locator("a").first.click()
    page.wait_for_url(re.compile(r".*/my/certificates/\d+/$"))
    pk = int(re.search(r"/certificates/(\d+)/", page.url).group(1))
    image_path = tmp_path / f"printed-certificate-{viewport}.png"
    link = qr.read(printed_qr_screenshot(page, live_url, pk, image_path))
    assert len(link) == 1 and link[0].startswith(live_url + "/verify/?c=OSP:")

    visitor = staff_page  # its own cookies: not logged in
    visitor.goto(live_url + "/verify/")
    assert_accessible(visitor)
    check_on_public_page(visitor, live_url, image_path, "有效")
    expect(visitor.locator("main .verdict dl")).to_contain_text("发证机关")
    screenshot(visitor, "verify-valid")

    revoke_in_console(visitor, live_url, pk)
    check_on_public_page(visitor, live_url, image_path, "已撤销")
    screenshot(visitor, "verify-revoked")
    visitor.goto(link[0])  # what a phone camera opens
    expect(visitor.locator("main #verdict")).to_have_text("已撤销")
    assert_accessible(visitor)
