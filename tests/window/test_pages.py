"""The window pages: who may open them, identifying the visitor, the counter form addressed to the
visitor, and the receipt as page and PDF whose QR opens the progress lookup."""

import io
import urllib.parse

import pypdfium2
import pytest
from pypdf import PdfReader

from onestop.accounts.models import User
from onestop.cases.models import Case, Status
from onestop.certs import qr
from onestop.window import services

from .conftest import states


def _at_desk(client, clerk, hall):
    client.force_login(clerk)
    response = client.post("/console/window/", {"action": "desk", "hall": hall.pk, "window_label": "综合窗口 3 号"})
    assert response.status_code == 302


def _identified(client, clerk, hall, visitor):
    _at_desk(client, clerk, hall)
    response = client.post("/console/window/", {"action": "identify", "id_number": visitor.id_number(),
                                                 "card_checked": "on"})
    assert response.status_code == 302


def _post(item, visitor, decision="accept", **extra):
    data = {"contact_name": visitor.name, "contact_phone": "13800138000", "description": "家中突遭火灾，申请临时救助",
            "visitor_mobile": visitor.user.mobile, "idempotency_key": "window-page-0001", "decision": decision}
    data |= {f"check_{pk}": state for pk, state in states(item).items()}
    return data | extra


@pytest.mark.parametrize("username, allowed", [("d009-window", True), ("d008-window", True),
                                               ("d008-reviewer", False), ("d009-department", False)])
def test_only_window_staff_open_the_window(client, db, username, allowed):
    client.force_login(User.objects.get(username=username))
    for url in ("/console/window/", "/console/window/queue/"):
        assert (client.get(url).status_code == 200) is allowed


def test_the_window_needs_staff_login(client, db):
    response = client.get("/console/window/")
    assert response.status_code == 302 and "/accounts/staff-login/" in response["Location"]


def test_item_search_finds_other_departments_items(client, clerk, hall, visitor):
    _identified(client, clerk, hall, visitor)
    html = client.get("/console/window/", {"q": "最低生活保障"}).content.decode()
    assert "最低生活保障" in html and "区民政局" in html and "/console/window/items/" in html
    assert visitor.name in html and visitor.id_masked in html


def test_identifying_needs_the_card_checked_and_a_known_number(client, clerk, hall, visitor):
    _at_desk(client, clerk, hall)
    response = client.post("/console/window/", {"action": "identify", "id_number": visitor.id_number()})
    assert response.status_code == 400 and "核对身份证原件" in response.content.decode()
    response = client.post("/console/window/", {"action": "identify", "id_number": "440403199001011234",
                                                "card_checked": "on"})
    assert response.status_code == 400


def test_the_counter_needs_a_visitor_first(client, clerk, hall, item):
    _at_desk(client, clerk, hall)
    response = client.get(f"/console/window/items/{item.code}/")
    assert response.status_code == 302 and response["Location"] == "/console/window/"


def test_the_counter_form_addresses_the_visitor(client, clerk, hall, visitor, item):
    _identified(client, clerk, hall, visitor)
    html = client.get(f"/console/window/items/{item.code}/").content.decode()
    assert "您的实名信息" not in html and "办事人的实名信息" in html
    assert f'value="{visitor.name}"' in html and "家庭收入情况说明" in html and "调取电子证照" in html


def test_accepting_at_the_counter_prints_a_receipt_whose_qr_opens_the_lookup(client, clerk, hall, visitor, item):
    _identified(client, clerk, hall, visitor)
    response = client.post(f"/console/window/items/{item.code}/", _post(item, visitor))
    case = Case.objects.get(item=item)
    assert response.status_code == 302 and response["Location"] == f"/console/window/receipts/{case.number}/"
    assert case.status == Status.ACCEPTED
    page = client.get(response["Location"]).content.decode()
    code = services.lookup_code(case.reception)
    assert "受理回执" in page and case.number in page and code in page and "家庭收入情况说明" in page
    pdf = client.get(f"/console/window/receipts/{case.number}/pdf/")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages).split())
    assert case.number in text and code in text and "5个工作日" in text
    document = pypdfium2.PdfDocument(pdf.content)
    image = document[0].render(scale=200 / 72).to_pil()
    document.close()
    out = io.BytesIO()
    image.save(out, format="PNG")
    [link] = qr.read(out.getvalue())
    url = urllib.parse.urlsplit(link)
    assert url.path == "/progress/"
    assert urllib.parse.parse_qs(url.query) == {"number": [case.number], "code": [code]}
    assert case.item.name in client.get(f"{url.path}?{url.query}").content.decode()
    # The visitor is cleared: the next one must be identified again.
    assert client.get(f"/console/window/items/{item.code}/").status_code == 302


def test_a_double_post_gives_one_case(client, clerk, hall, visitor, item):
    _identified(client, clerk, hall, visitor)
    client.post(f"/console/window/items/{item.code}/", _post(item, visitor))
    _identified(client, clerk, hall, visitor)
    again = client.post(f"/console/window/items/{item.code}/", _post(item, visitor))
    assert again.status_code == 302 and Case.objects.filter(item=item).count() == 1


def test_a_missing_material_answers_400_in_chinese(client, clerk, hall, visitor, item):
    _identified(client, clerk, hall, visitor)
    missing = item.materials.get(name="家庭收入情况说明")
    response = client.post(f"/console/window/items/{item.code}/", _post(item, visitor, **{f"check_{missing.pk}": "missing"}))
    assert response.status_code == 400 and "不能受理" in response.content.decode()
    assert not Case.objects.filter(item=item).exists()


def test_refusing_prints_a_notice_with_reason_basis_and_remedy(client, clerk, hall, visitor, item):
    _identified(client, clerk, hall, visitor)
    response = client.post(f"/console/window/items/{item.code}/", _post(
        item, visitor, decision="refuse", reason_code="not_eligible", reason_text="户籍不在本区"))
    case = Case.objects.get(item=item)
    assert response.status_code == 302 and case.status == Status.REFUSED
    page = client.get(response["Location"]).content.decode()
    assert "不予受理告知书" in page and "户籍不在本区" in page and "《社会救助暂行办法》第四十七条" in page
    assert "行政复议" in page and "行政诉讼" in page
    text = "".join("".join(p.extract_text() for p in PdfReader(io.BytesIO(
        client.get(f"/console/window/receipts/{case.number}/pdf/").content)).pages).split())
    assert "不予受理告知书" in text and "户籍不在本区" in text


def test_another_clerks_receipt_is_not_found(client, clerk, hall, visitor, item):
    _identified(client, clerk, hall, visitor)
    client.post(f"/console/window/items/{item.code}/", _post(item, visitor))
    number = Case.objects.get(item=item).number
    client.force_login(User.objects.get(username="d008-window"))
    assert client.get(f"/console/window/receipts/{number}/").status_code == 404
    assert client.get(f"/console/window/receipts/{number}/pdf/").status_code == 404


def test_the_back_office_sees_what_the_window_received(client, clerk, hall, visitor, item):
    _identified(client, clerk, hall, visitor)
    client.post(f"/console/window/items/{item.code}/", _post(item, visitor))
    case = Case.objects.get(item=item)
    client.force_login(User.objects.get(username="d008-reviewer"))
    html = client.get(f"/console/cases/{case.number}/").content.decode()
    assert "综合窗口受理" in html and "综合窗口 3 号" in html and "家庭收入情况说明：已收取纸质材料" in html
    assert "受理</button>" not in html  # already accepted at the window: the reviewer starts the review
