"""我的证照 marks a certificate past its validity as 已过期, in the list and on its page."""

import datetime as dt
import re

from django.test import Client
from django.utils import timezone


def _expired(issue):
    past = timezone.now() - dt.timedelta(days=3 * 365)
    return issue(issued_at=past, valid_until=dt.date(past.year + 1, 6, 30))


def test_the_wallet_list_marks_an_expired_certificate(issue, holder):
    certificate = _expired(issue)
    client = Client()
    client.force_login(holder.user)
    page = client.get("/my/").content.decode()
    card = re.search(rf'<li class="cert-card[^"]*">\s*<a href="/my/certificates/{certificate.pk}/">.*?</li>', page, re.S)
    assert card and "已过期" in card.group(0) and "expired" in card.group(0)
    assert f"{certificate.valid_until.year}年6月30日" in card.group(0)


def test_the_certificate_page_says_expired_and_since_when(issue, holder):
    certificate = _expired(issue)
    client = Client()
    client.force_login(holder.user)
    page = client.get(f"/my/certificates/{certificate.pk}/").content.decode()
    assert f"该证照已于 {certificate.valid_until.year}年6月30日 过期" in page
    assert "（已过期）" in page


def test_a_valid_certificate_is_not_marked(certificate, holder):
    client = Client()
    client.force_login(holder.user)
    assert "已过期" not in client.get("/my/").content.decode()
