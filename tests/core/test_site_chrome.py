"""The site's chrome: the footer a government website must carry (政府网站发展指引, filing numbers only
as issued) and the header on the API's own documentation page."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_footer_carries_the_filing_numbers_once_configured(settings):
    assert "网站标识码" not in Client().get("/").content.decode()  # no invented number before it is issued
    settings.ONESTOP_SITE_ID_CODE = "4404030001"
    settings.ONESTOP_ICP_NUMBER = "粤ICP备05123456号"
    page = Client().get("/").content.decode()
    assert "网站标识码：4404030001" in page and 'href="https://beian.miit.gov.cn/"' in page


def test_api_docs_lead_back_to_the_portal():
    page = Client().get("/api/docs").content.decode()
    assert 'lang="zh-CN"' in page and "返回首页" in page and 'id="swagger-ui"' in page
